// The control block's guard words and the padding between its fixed part and the plan: nothing
// may write there, and the checker stops with an internal error after an execution that did
// (ControlBlockFile::damagedGuard, checked by Executor::run), so a stray write into the block can
// never pass silently.
#include "engine/control_block_file.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace lockstep::checker;
using namespace lockstep::protocol;

TEST(ControlBlockGuard, AFreshBlockIsIntact) {
  ControlBlockFile file(16);
  file.reset({}, 16);
  EXPECT_EQ(file.damagedGuard(), "");
}

TEST(ControlBlockGuard, AWriteIntoTheGuardWordsIsReportedWithItsOffsetAndValue) {
  ControlBlockFile file(16);
  file.reset({}, 16);
  file.block()->guard[1] = 108353;
  const std::string damage = file.damagedGuard();
  EXPECT_NE(damage.find("offset " + std::to_string(offsetof(ControlBlock, guard) + 8)),
            std::string::npos)
      << damage;
  EXPECT_NE(damage.find("0x1a741"), std::string::npos) << damage; // 108353
  // The checker's reset never clears the guard: the damage stays visible.
  file.reset({}, 16);
  EXPECT_NE(file.damagedGuard(), "");
}

TEST(ControlBlockGuard, AWritePastTheFixedPartIsReported) {
  ControlBlockFile file(16);
  file.reset({}, 16);
  if (layoutFor(16).planOffset == sizeof(ControlBlock))
    GTEST_SKIP() << "no padding between the fixed part and the plan in this layout";
  auto *tail = reinterpret_cast<unsigned char *>(file.block()) + sizeof(ControlBlock);
  tail[0] = 0x7f;
  EXPECT_NE(file.damagedGuard().find("offset " + std::to_string(sizeof(ControlBlock))),
            std::string::npos);
  tail[0] = 0;
  EXPECT_EQ(file.damagedGuard(), "");
}
