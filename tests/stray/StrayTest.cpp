// A stray write into the control block never passes silently: after every execution the checker
// verifies that the guard words before the datagram table and the padding between the block's
// fixed part and the plan still hold zero (ControlBlockFile::damagedGuard), and stops with an
// internal error (exit 3) naming the offset and the value when not. programs/scribble.c writes
// 16 bytes at a given offset of the block, as the stray write once seen in the replay of
// tests/atomics' flag_one_path did.
#include "BugTwinTest.h"
#include "LockstepRunner.h"

#include "control_block.h"

#include <cstddef>
#include <string>

namespace lockstep::integration {
// The suite's runner comes with the bug/fixed-twin test, which this suite has no use for.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BugTwinTest);
} // namespace lockstep::integration

using namespace lockstep::integration;
using lockstep::protocol::ControlBlock;

namespace {

class StrayTest : public LockstepTest {};

constexpr int kExitInternal = 3;

std::string offsetText(size_t offset) { return "offset " + std::to_string(offset) + ": "; }

TEST_F(StrayTest, WithoutAStrayWriteTheRunIsClean) {
  const CommandResult result = run({}, {programPath("scribble")});
  EXPECT_EQ(result.code, 0) << result.out << result.err;
  EXPECT_EQ(summary()["executions"].get<int>(), 1);
}

TEST_F(StrayTest, AWriteIntoTheGuardWordsIsAnInternalError) {
  const size_t guard = offsetof(ControlBlock, guard);
  for (const size_t offset : {guard, guard + sizeof ControlBlock::guard - 16}) {
    const CommandResult result = run({}, {programPath("scribble"), std::to_string(offset)});
    EXPECT_EQ(result.code, kExitInternal) << result.out << result.err;
    EXPECT_NE(result.err.find("stray write into the control block's guard words: " +
                              offsetText(offset) + "0x1a741"), // 108353
              std::string::npos)
        << result.err;
  }
}

TEST_F(StrayTest, AWritePastTheFixedPartIsAnInternalError) {
  const size_t end = sizeof(ControlBlock);
  if (lockstep::protocol::layoutFor(1).planOffset < end + 16)
    GTEST_SKIP() << "less than 16 bytes of padding between the fixed part and the plan";
  const CommandResult result = run({}, {programPath("scribble"), std::to_string(end)});
  EXPECT_EQ(result.code, kExitInternal) << result.out << result.err;
  EXPECT_NE(result.err.find(offsetText(end) + "0x1a741"), std::string::npos) << result.err;
}

} // namespace
