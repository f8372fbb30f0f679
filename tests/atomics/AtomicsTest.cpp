// Atomics as visible operations and the spin rule (docs/spin-loops.md), end to end: programs of
// tests/atomics/programs and the atomic families of tests/families, built with lockstep-cc, run
// through the real lockstep binary. Each bug is found only after the first (default)
// interleaving and its schedule replays to the same verdict; each fixed twin is explored
// completely without a bug; spin loops give finite, exact execution counts.
#include "BugTwinTest.h"

namespace lockstep::integration {
namespace {

std::string familyPath(const std::string &name) {
  return std::string(LOCKSTEP_FAMILIES_DIR) + "/" + name;
}

class AtomicsTest : public LockstepTest {
protected:
  // `lockstep run` with --strategy dpor instead of the runner's dfs.
  CommandResult runDpor(const std::vector<std::string> &command) const {
    std::vector<std::string> argv = runArguments({"--keep-going"}, command);
    argv[3] = "dpor";
    return runCommand(argv, dir_);
  }
};

// spinlock_check_then_set: both processes pass the check before either sets the lock:
//   P1: load lock=0 ................................ store lock=1, load counter=0 ..... store 1
//   P2:             load lock=0, store lock=1, load counter=0, store 1
// flag_one_path: the canceller's store precedes the worker's check; the worker exits without
// setting ready and the parent spins alone until the livelock bound:
//   P0: fork, fork, load ready=0 ........................ load ready=0 (x1000): livelock
//   P1:                                    load cancel=1, exit
//   P2:                      store cancel=1, exit
const std::vector<BugTwin> kBugCases = {
    {"spinlock_check_then_set", "assertion", "atomic_load(&s->counter) == 2"},
    {"flag_one_path", "livelock",
     "P0 spins: it keeps repeating atomic_load of atomic#1 (anonymous shared mapping+0x0), "
     "value 0"},
};

INSTANTIATE_TEST_SUITE_P(Atomics, BugTwinTest, ::testing::ValuesIn(kBugCases), bugTwinName);

// A test-and-set spin lock on an atomic_flag in MAP_SHARED memory, two processes. Steps: P0 clears
// the flag (c), forks P1 and P2 (f1, f2), waits for them (w1, w2) and exits; each child i tries
// the lock (t_i; a failed try u_i leaves the flag as it was), releases it (r_i) and exits (x_i). A
// failed try repeated while the flag is unchanged is spin-blocked until the holder's release, so
// the waiting child fails at most once per release: every execution has at most 13 steps
// (c f1 f2 t1 u2 r1 t2 r2 x1 x2 w1 w2 x0). DFS counts every interleaving of these steps allowed
// by the models and the spin rule; enumerating them (tests/atomics/spinlock_flag_count.py, the
// same rules written out) gives 64: P1 takes the lock first in 54 executions (in 20 of them P2
// fails once before P1's release), P2 first in 10 (in 5 P1 fails once). Without the spin rule
// the number of failed tries would be unbounded.
TEST_F(AtomicsTest, SpinLockOnAtomicFlagIsCleanCompleteAndFinite) {
  const CommandResult result = run({}, {programPath("spinlock_flag")});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["complete"], true) << s.dump(2);
  EXPECT_TRUE(s["bugs"].empty()) << s.dump(2);
  EXPECT_EQ(s["executions"].get<int>(), 64) << s.dump(2);
  EXPECT_EQ(s["max_depth"].get<int>(), 13) << s.dump(2);

  const CommandResult dpor = runDpor({programPath("spinlock_flag")});
  ASSERT_EQ(dpor.code, 0) << dpor.out << dpor.err;
  EXPECT_EQ(summary()["complete"], true);
}

// The same spin lock between two threads of one process (private memory, scheduled once the
// threads exist): the same 64 executions, without the initial clear step (see the program).
TEST_F(AtomicsTest, SpinLockBetweenThreadsIsCleanCompleteAndFinite) {
  const CommandResult result = run({}, {programPath("spinlock_threads")});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["complete"], true) << s.dump(2);
  EXPECT_TRUE(s["bugs"].empty()) << s.dump(2);
  EXPECT_EQ(s["executions"].get<int>(), 64) << s.dump(2);
  EXPECT_EQ(s["max_depth"].get<int>(), 12) << s.dump(2);
}

// Two reads of one location from two places in the code are no spin loop: the interleaving with
// the parent's store between them is explored. P0: fork, store, wait, exit; P1: r1, r2, exit.
// DFS: the store before r1 (1 execution: P0's wait then blocks until P1 exits), between r1 and
// r2 (1: the assertion fails), after r2 (2: before or after P1's exit) = 4 executions.
TEST_F(AtomicsTest, ReadingTwiceIsNotASpin) {
  const CommandResult result = run({"--keep-going"}, {programPath("reread_twice")});
  ASSERT_EQ(result.code, 1) << result.out << result.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["complete"], true) << s.dump(2);
  EXPECT_EQ(s["executions"].get<int>(), 4) << s.dump(2);
  ASSERT_EQ(s["bugs"].size(), 1U) << s.dump(2);
  EXPECT_EQ(s["bugs"][0]["kind"], "assertion");
  EXPECT_GT(s["bugs"][0]["execution"].get<int>(), 1);
}

// Atomics on private memory are direct while the process has one thread (the 1000 increments
// make no step) and scheduled once it has two. Steps: create, P0's add, T1's add, T1's exit,
// join, exit (the load after the join is direct again): max depth 6. DFS: P0's add first (1:
// then T1 runs alone), T1's add first (2: P0's add before or after T1's exit) = 3 executions.
TEST_F(AtomicsTest, PrivateAtomicsAreScheduledOnlyWithThreads) {
  const CommandResult result = run({}, {programPath("private_atomics")});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["complete"], true) << s.dump(2);
  EXPECT_EQ(s["executions"].get<int>(), 3) << s.dump(2);
  EXPECT_EQ(s["max_depth"].get<int>(), 6) << s.dump(2);
}

// Every scheduled atomic location takes an object-table entry: 3000 of them exceed kMaxObjects
// and the run stops with one clear sentence and exit code 2 (a program Lockstep cannot follow).
TEST_F(AtomicsTest, TooManyLocationsIsAClearRefusal) {
  const CommandResult result = run({}, {programPath("too_many_locations")});
  EXPECT_EQ(result.code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("more than 2048 synchronization objects and atomic locations"),
            std::string::npos)
      << result.err;
}

// Mutual exclusion on SC atomics in shared memory, two processes, explored by dpor: correct
// algorithms are clean and complete (their waiting loops are spin loops, so the search is
// finite); Peterson with the turn written before the flag lets both processes in.
TEST_F(AtomicsTest, MutualExclusionFamiliesAreCleanAndComplete) {
  for (const char *name : {"peterson", "dekker", "szymanski"}) {
    const CommandResult result = runDpor({familyPath(name)});
    ASSERT_EQ(result.code, 0) << name << result.out << result.err;
    const nlohmann::json s = summary();
    EXPECT_EQ(s["complete"], true) << name << s.dump(2);
    EXPECT_TRUE(s["bugs"].empty()) << name << s.dump(2);
  }
}

//   P1: turn=1 ........................................ flag[0]=1, flag[1]==1, turn==0: enter
//   P2:        turn=0, flag[1]=1, flag[0]==0: enter
TEST_F(AtomicsTest, BrokenPetersonViolatesMutualExclusion) {
  const CommandResult result = runDpor({familyPath("peterson"), "broken"});
  ASSERT_EQ(result.code, 1) << result.out << result.err;
  const nlohmann::json s = summary();
  ASSERT_FALSE(s["bugs"].empty()) << s.dump(2);
  EXPECT_EQ(s["bugs"][0]["kind"], "assertion");
  EXPECT_NE(s["bugs"][0]["message"].get<std::string>().find("atomic_fetch_add(&s->inside, 1) == 0"),
            std::string::npos);
  EXPECT_GT(s["bugs"][0]["execution"].get<int>(), 1);
  const CommandResult replayed = replay(firstSchedule());
  EXPECT_EQ(replayed.code, 1) << replayed.out << replayed.err;
  EXPECT_NE(replayed.out.find("lockstep: BUG assertion (replayed)"), std::string::npos);
}

// indexer and lastzero under dpor: distinct executions (executions - blocked) equal the trace
// counts derived in the sources: indexer(2) 1 (no two messages share a slot), indexer(12) 8
// (the literature's 8 * 8^(N-12)), lastzero(1) 2, lastzero(2) 5 (by hand).
TEST_F(AtomicsTest, IndexerAndLastzeroTraceCounts) {
  struct Case {
    std::vector<std::string> command;
    int traces;
  } cases[] = {{{familyPath("indexer"), "2"}, 1},
               {{familyPath("indexer"), "12"}, 8},
               {{familyPath("lastzero"), "1"}, 2},
               {{familyPath("lastzero"), "2"}, 5}};
  for (const Case &c : cases) {
    const CommandResult result = runDpor(c.command);
    ASSERT_EQ(result.code, 0) << c.command[1] << result.out << result.err;
    const nlohmann::json s = summary();
    EXPECT_EQ(s["complete"], true) << s.dump(2);
    EXPECT_EQ(s["executions"].get<int>() - s["blocked_executions"].get<int>(), c.traces)
        << c.command[0] << " " << c.command[1] << s.dump(2);
  }
}

// Exact dfs counts. indexer(1): P0 forks P1, whose four CASes and exit must all precede P0's
// wait: 1 execution. lastzero(1): P0 runs f2 (fork the writer), w1, w2, x0 (after f1, the first
// step); the reader P1 runs R1 (load a[1]), R0 (load a[0], only when R1 saw the write) and x1; the
// writer P2 runs L (load a[0]), W (store a[1]) and x2. w1 follows x1, w2 follows x2, so every
// execution ends with w2 x0 and the rest interleaves the chains f2 L W x2 and R1 (R0) x1 w1:
//   R1 before W: C(7,3) = 35 interleavings of f2 L W x2 with R1 x1 w1, minus the one with w1
//     before f2 (w1 is P0's, after its f2) and the 4 with R1 after W: 30;
//   R1 after W: f2 L W come first, then x2 anywhere among R1 R0 x1 w1: 5.
// Total 35.
TEST_F(AtomicsTest, IndexerAndLastzeroDfsCounts) {
  struct Case {
    std::string program;
    int executions;
  } cases[] = {{"indexer", 1}, {"lastzero", 35}};
  for (const Case &c : cases) {
    const CommandResult result = run({}, {familyPath(c.program), "1"});
    ASSERT_EQ(result.code, 0) << c.program << result.out << result.err;
    const nlohmann::json s = summary();
    EXPECT_EQ(s["complete"], true) << s.dump(2);
    EXPECT_EQ(s["executions"].get<int>(), c.executions) << c.program << s.dump(2);
  }
}

} // namespace
} // namespace lockstep::integration
