// The IPC primitives end to end: each bug program of tests/ipc/programs is found with the right
// verdict, only after the first (default) interleaving, and its schedule replays to the same
// verdict; each fixed twin, and the clean programs, are explored completely by DFS without a bug.
#include "BugTwinTest.h"

namespace lockstep::integration {
namespace {

// cond_if_wait: P1 waits with `if`; P2 steals the item between the signal and P1's reacquire.
//   P1: lock, items==0, cond_wait ......................... cond_reacquire, assert fails
//   P0:                           lock, items=1, signal(P1), unlock
//   P2:                                                  lock, items=0, unlock
// rwlock_upgrade: P2 read-locks before P1 inserted, then write-locks while reading.
// timedlock_timeout: P1's timed lock times out while P0 is between its two stages.
// robust_owner_dies: P1 locks first and dies mid-transfer; P0's lock gets EOWNERDEAD and the
// recovery trusts the half-updated balances. Its fixed twin has exactly 2 executions: after the
// fork, either P0 locks first (P1's lock then waits for P0's unlock, and P0's wait for P1's
// exit: nothing else can vary) or P1 does (P0's lock waits for P1's death, then everything is
// forced).
// spin_transfer: two pthread spin locks (modelled as mutexes) taken in opposite orders.
//   P1: spin_lock(0) ................. spin_lock(1): waits for P2
//   P2:               spin_lock(1) ... spin_lock(0): waits for P1
// The fixed twin's count is observed, not derived: not asserted.
const std::vector<BugTwin> kBugCases = {
    {"cond_if_wait", "assertion", "s->items > 0"},
    {"rwlock_upgrade", "misuse", "write-locks rwlock#0 while it holds a read lock on it"},
    {"timedlock_timeout", "assertion", "s->stage == 2"},
    {"robust_owner_dies", "assertion", "s->a + s->b == 100", {}, 2},
    {"spin_transfer", "deadlock", "wait for each other in a cycle", {}, -1},
};

INSTANTIATE_TEST_SUITE_P(Ipc, BugTwinTest, ::testing::ValuesIn(kBugCases), bugTwinName);

class IpcCleanTest : public LockstepTest {};

// Three processes meet at a barrier twice; every interleaving is clean, and in each round
// exactly one of them is the serial arrival.
TEST_F(IpcCleanTest, BarrierAmongThreeProcessesIsCleanAndComplete) {
  const CommandResult result = run({}, {programPath("barrier_three")});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["complete"], true) << s.dump(2);
  EXPECT_TRUE(s["bugs"].empty()) << s.dump(2);
  EXPECT_GT(s["executions"].get<int>(), 1);
}

// A wait with `if` whose only other party is the signaller is correct without spurious wakeups,
// and wrong with them: --spurious-wakeups explores a wakeup without a signal, and its schedule
// records the option so that the replay wakes spuriously too.
TEST_F(IpcCleanTest, SpuriousWakeupsAreExploredOnlyWhenAsked) {
  const CommandResult plain = run({}, {programPath("cond_spurious")});
  ASSERT_EQ(plain.code, 0) << plain.out << plain.err;
  EXPECT_EQ(summary()["complete"], true);
  const CommandResult spurious = run({"--spurious-wakeups"}, {programPath("cond_spurious")});
  ASSERT_EQ(spurious.code, 1) << spurious.out << spurious.err;
  EXPECT_EQ(summary()["bugs"][0]["kind"], "assertion") << summary().dump(2);
  EXPECT_EQ(readJson(firstSchedule())["options"]["spurious_wakeups"], true);
  const CommandResult replayed = replay(firstSchedule());
  EXPECT_EQ(replayed.code, 1) << replayed.out << replayed.err;
}

// File locks are not modelled: a free lock is taken at once, and a request that would wait for
// another process's lock stops the run, naming the call, instead of hanging.
TEST_F(IpcCleanTest, FileLocksAreTakenWhenFreeAndRefusedWhenHeld) {
  const CommandResult free = run({}, {programPath("file_lock"), "free"});
  ASSERT_EQ(free.code, 0) << free.out << free.err;
  EXPECT_EQ(summary()["complete"], true) << summary().dump(2);
  const CommandResult held = run({}, {programPath("file_lock"), "contended"});
  EXPECT_EQ(held.code, 2) << held.out << held.err;
  EXPECT_NE(held.err.find("calls flock, which Lockstep cannot follow: the lock is held by another "
                          "process"),
            std::string::npos)
      << held.err;
}

} // namespace
} // namespace lockstep::integration
