// Memory that changes owner (docs/races.md): a thread stack reused by a later thread, memory
// unmapped and mapped again, heap blocks freed and allocated again. The first owner's accesses
// are not ordered before the new owner's by anything Lockstep sees (glibc's and the kernel's own
// locking do that), so the shadow of the old accesses must be gone when the new owner starts:
// each program is explored completely without a report. With "race", the same program also has
// a real race on the reused memory, which is reported once, with a schedule that replays it.
#include "LockstepRunner.h"

namespace lockstep::integration {
namespace {

struct ReuseCase {
  std::string program; // in tests/stale/programs
  std::string mode;    // argv[1] ("" for none)
};

std::ostream &operator<<(std::ostream &os, const ReuseCase &c) {
  return os << c.program << ' ' << c.mode;
}

std::vector<std::string> commandOf(const ReuseCase &c, bool race) {
  std::vector<std::string> command{programPath(c.program)};
  if (!c.mode.empty())
    command.push_back(c.mode);
  if (race)
    command.emplace_back("race");
  return command;
}

std::string nameOf(const ReuseCase &c) {
  std::string name = c.program + (c.mode.empty() ? "" : "_" + c.mode);
  for (char &ch : name)
    if (ch == '-')
      ch = '_';
  return name;
}

// Each fails without its reset (a data-race between the first owner's write and the new
// owner's): stack_reuse without the reset of a new thread's stack; munmap, mremap, mremap-move
// without the reset of private memory unmapped or newly mapped; heap, heap-mmap, realloc with
// free's former 64 KiB limit. `shared` passes either way (a new anonymous shared mapping is a new
// inode: nothing to reset) and guards that identity.
const std::vector<ReuseCase> kCases = {
    {"stack_reuse", ""},          {"unmap_reuse", "munmap"},
    {"unmap_reuse", "mremap"},    {"unmap_reuse", "mremap-move"},
    {"unmap_reuse", "shared"},    {"unmap_reuse", "heap"},
    {"unmap_reuse", "heap-mmap"}, {"unmap_reuse", "realloc"},
};

class StaleShadowTest : public LockstepTest, public ::testing::WithParamInterface<ReuseCase> {};

TEST_P(StaleShadowTest, ReuseIsNoRace) {
  const CommandResult result = run({}, commandOf(GetParam(), false));
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["complete"], true) << s.dump(2);
  EXPECT_TRUE(s["bugs"].empty()) << s.dump(2);
}

// The real race on the reused memory: stack_reuse's second thread and the third one it starts
// write its local (lines 32 and 32: share()); unmap_reuse's B writes its new block (line 44,
// takeOver()) and A writes it too (line 45, intrude()), unordered. Exactly one pair each: the
// stale pairs (scribble/scribble, firstOwner/takeOver) must not appear.
TEST_P(StaleShadowTest, RealRaceOnReusedMemoryIsReported) {
  const ReuseCase &c = GetParam();
  const CommandResult first = run({"--no-race-focus"}, commandOf(c, true));
  ASSERT_EQ(first.code, 1) << first.out << first.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["complete"], true) << s.dump(2);
  ASSERT_EQ(s["bugs"].size(), 1U) << s.dump(2);
  const nlohmann::json &bug = s["bugs"][0];
  EXPECT_EQ(bug["kind"], "data-race") << s.dump(2);
  const std::string details = bug["details"].dump();
  if (c.program == "stack_reuse") {
    EXPECT_NE(details.find("stack_reuse.c:32"), std::string::npos) << s.dump(2);
    EXPECT_EQ(details.find("stack_reuse.c:31"), std::string::npos) << s.dump(2);
  } else {
    EXPECT_NE(details.find("unmap_reuse.c:44"), std::string::npos) << s.dump(2);
    EXPECT_NE(details.find("unmap_reuse.c:45"), std::string::npos) << s.dump(2);
  }
  const CommandResult replayed = replay(firstSchedule());
  EXPECT_EQ(replayed.code, 1) << replayed.out << replayed.err;
  EXPECT_NE(replayed.out.find("lockstep: BUG data-race (replayed)"), std::string::npos)
      << replayed.out << replayed.err;
}

INSTANTIATE_TEST_SUITE_P(Programs, StaleShadowTest, ::testing::ValuesIn(kCases),
                         [](const auto &info) { return nameOf(info.param); });

// handle_reuse: three rounds of create / join whose threads get the same pthread_t (glibc reuses
// the joined thread's descriptor). Each join must wait for its own thread: when a handle was
// taken for the first agent that had it, the second join failed with EINVAL (the program's
// assertion). One execution: in each round the thread's only visible step is its exit, which
// the join waits for, so there is nothing to reorder.
class HandleReuseTest : public LockstepTest {};

TEST_F(HandleReuseTest, JoinWaitsForTheThreadThatHasTheHandleNow) {
  const CommandResult result = run({}, {programPath("handle_reuse")});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["complete"], true) << s.dump(2);
  EXPECT_EQ(s["executions"], 1) << s.dump(2);
  EXPECT_TRUE(s["bugs"].empty()) << s.dump(2);
}

} // namespace
} // namespace lockstep::integration
