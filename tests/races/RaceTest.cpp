// The race detector end to end: each racy program of tests/races/programs is reported as a
// data-race naming both accesses and the location, the search still goes on to completion, the
// search is deterministic and the race's schedule replays to the same race; each fixed twin is
// explored completely without a report; named shared memory is gone afterwards.
#include "LockstepRunner.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lockstep::integration {
namespace {

struct RaceCase {
  std::string program;                // in tests/races/programs
  std::vector<std::string> arguments; // program names, resolved to paths
  std::string location;               // text the first report's message must contain
  std::string site;                   // "file:line" of an access of the first report
  size_t races;                       // distinct racing pairs of code locations
};

std::ostream &operator<<(std::ostream &os, const RaceCase &c) { return os << c.program; }

std::vector<std::string> commandOf(const std::string &program,
                                   const std::vector<std::string> &arguments) {
  std::vector<std::string> command{programPath(program)};
  for (const std::string &a : arguments)
    command.push_back(programPath(a));
  return command;
}

// counter_race: P1 and P2 each run `s->counter++` (a load and a store at line 28); fork orders
//   each after P0's initialisation, nothing orders them with each other:
//     P0: fork fork wait wait
//     P1:      load store (eagerly, before its exit)
//     P2:           load store        <- races with P1's store
//   the load and the store of line 28 share their column, so every racing pair is
//   (counter_race.c:28:13, counter_race.c:28:13): one report, in the first execution.
// publish_race: the child (running eagerly after the fork) writes data (line 19) and ready
//   (line 23); P0 then reads ready (line 33) and, seeing it true, data (line 35): two pairs.
// shm_race: P0 increments at line 33 while P1, after exec, increments at shm_peer.c:12: the
//   loads and stores of each line share a column: one pair (33, 12).
// threads_race: two threads run `counter++` at line 21: one report, naming the global.
// sysv_race: the child (eagerly, after the fork) increments at line 25, P0 at line 29: one pair.
// pipe_publish_race: the child writes the record (line 18) then the pipe; P0 reads the record
//   (line 30) before it reads the pipe: one pair.
// shm_window_race: the child writes file offsets 0xffff8 and 0x100008 (shm_window.h:32, 33)
//   through a window mapped at another address and offset, the parent writes them (lines 39,
//   40) through its view of the whole object: two pairs, (33, 39) first (the parent's first
//   write finds the child's, which ran eagerly after the fork).
const std::vector<RaceCase> kRaceCases = {
    {"counter_race", {}, "anonymous shared mapping+0x0", "counter_race.c:28", 1},
    {"publish_race", {}, "anonymous shared mapping+0x4", "publish_race.c:23", 2},
    {"shm_race", {"shm_peer"}, "/dev/shm/lockstep-races-shm+0x8", "shm_peer.c:12", 1},
    {"threads_race", {}, "`counter`", "threads_race.c:21", 1},
    {"sysv_race", {}, "System V shared memory+0x4", "sysv_race.c:25", 1},
    {"pipe_publish_race", {}, "anonymous shared mapping+0x0", "pipe_publish_race.c:30", 1},
    {"shm_window_race", {}, "/dev/shm/lockstep-races-window+0x100008", "shm_window.h:39", 2},
};

class RaceBugTest : public LockstepTest, public ::testing::WithParamInterface<RaceCase> {};

TEST_P(RaceBugTest, ReportsTheRaceOnceAndReplaysIt) {
  const RaceCase &c = GetParam();
  const CommandResult first = run({}, commandOf(c.program, c.arguments));
  ASSERT_EQ(first.code, 1) << first.out << first.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["complete"], true) << "a race does not stop the search: " << s.dump(2);
  ASSERT_EQ(s["bugs"].size(), c.races) << s.dump(2);
  const std::string message = s["bugs"][0]["message"];
  EXPECT_NE(message.find(c.location), std::string::npos) << message;
  EXPECT_NE(message.find(c.site), std::string::npos) << message;
  for (const nlohmann::json &bug : s["bugs"]) {
    EXPECT_EQ(bug["kind"], "data-race") << s.dump(2);
    ASSERT_GE(bug["details"].size(), 3U) << s.dump(2);
    EXPECT_EQ(bug["details"][0].get<std::string>().rfind("first:  ", 0), 0U) << s.dump(2);
    EXPECT_EQ(bug["details"][1].get<std::string>().rfind("second: ", 0), 0U) << s.dump(2);
  }
  EXPECT_NE(first.out.find("lockstep: BUG data-race"), std::string::npos) << first.out;

  const std::string schedule = readFile(firstSchedule());
  const CommandResult second = run({}, commandOf(c.program, c.arguments));
  EXPECT_EQ(second.code, 1);
  EXPECT_EQ(readFile(firstSchedule()), schedule) << "the search must be deterministic";

  const CommandResult replayed = replay(firstSchedule());
  EXPECT_EQ(replayed.code, 1) << replayed.out << replayed.err;
  EXPECT_NE(replayed.out.find("lockstep: BUG data-race (replayed)"), std::string::npos)
      << replayed.out << replayed.err;
}

INSTANTIATE_TEST_SUITE_P(Programs, RaceBugTest, ::testing::ValuesIn(kRaceCases),
                         [](const auto &info) { return info.param.program; });

struct CleanCase {
  std::string program;
  std::vector<std::string> arguments;
};

std::ostream &operator<<(std::ostream &os, const CleanCase &c) { return os << c.program; }

const std::vector<CleanCase> kCleanCases = {
    {"counter_race_fixed", {}},       // process-shared mutex
    {"counter_atomic_fixed", {}},     // atomic read-modify-write
    {"publish_race_fixed", {}},       // release/acquire flag
    {"shm_race_fixed", {"shm_peer"}}, // exit -> wait across exec
    {"threads_race_fixed", {}},       // mutex, then join
    {"sysv_race_fixed", {}},          // exit -> wait
    {"pipe_publish_race_fixed", {}},  // pipe write -> read of that byte
    {"shm_window_race_fixed", {}},    // exit -> wait, two views of one object
};

class RaceCleanTest : public LockstepTest, public ::testing::WithParamInterface<CleanCase> {};

TEST_P(RaceCleanTest, FixedTwinIsCleanAndComplete) {
  const CleanCase &c = GetParam();
  const CommandResult result = run({}, commandOf(c.program, c.arguments));
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["complete"], true) << s.dump(2);
  EXPECT_TRUE(s["bugs"].empty()) << s.dump(2);
  EXPECT_EQ(s["instrumented"], true) << s.dump(2);
  EXPECT_EQ(result.err.find("was not built with lockstep-cc"), std::string::npos) << result.err;
}

INSTANTIATE_TEST_SUITE_P(Programs, RaceCleanTest, ::testing::ValuesIn(kCleanCases),
                         [](const auto &info) { return info.param.program; });

// long_history_race: the child releases 70000 times, more than a shadow cell's 16 bits of time,
// before its racing write (line 32); the parent's write (line 47) is ordered after the child's
// first 40000 releases only. The runtime forgets the race history when the child's time passes
// 65535 (runtime/src/race_history.h), so the write is recorded at a fresh time the parent has not
// acquired; without the reset it would be recorded at 70001 mod 65536, which looks ordered, and the
// race would be missed. DPOR, one execution: the child runs eagerly until it exits (dfs would try
// the parent's wait between each two of the child's 70000 steps). The fixed twin reaps
// the child first. One run each (an execution has 70000 steps): the search's determinism and the
// replay are checked on the short programs above.
TEST_F(RaceCleanTest, RaceAfterTheCellTimeOverflowsIsFound) {
  const std::vector<std::string> options{"--strategy", "dpor", "--max-steps", "200000"};
  const CommandResult result = run(options, commandOf("long_history_race", {}));
  ASSERT_EQ(result.code, 1) << result.err;
  const nlohmann::json s = summary();
  ASSERT_EQ(s["bugs"].size(), 1U) << s.dump(2);
  EXPECT_EQ(s["bugs"][0]["kind"], "data-race") << s.dump(2);
  const std::string message = s["bugs"][0]["message"];
  EXPECT_NE(message.find("long_history_race.c:32"), std::string::npos) << message;
  EXPECT_NE(message.find("long_history_race.c:47"), std::string::npos) << message;
  // The interleaving prints each run of identical posts as one step and a count.
  EXPECT_NE(result.out.find("the same step 39999 more times"), std::string::npos) << result.out;
  EXPECT_LT(std::count(result.out.begin(), result.out.end(), '\n'), 40) << result.out;

  const CommandResult fixed = run(options, commandOf("long_history_race_fixed", {}));
  ASSERT_EQ(fixed.code, 0) << fixed.err;
  EXPECT_EQ(summary()["complete"], true) << summary().dump(2);
  EXPECT_TRUE(summary()["bugs"].empty()) << summary().dump(2);
}

// The shm_open names the executions created are removed after each of them.
TEST_F(RaceCleanTest, SharedMemoryNamesAreRemoved) {
  run({}, commandOf("shm_race", {"shm_peer"}));
  run({}, commandOf("shm_race_fixed", {"shm_peer"}));
  EXPECT_FALSE(std::filesystem::exists("/dev/shm/lockstep-races-shm"));
  EXPECT_FALSE(std::filesystem::exists("/dev/shm/lockstep-races-shm-fixed"));
  run({}, commandOf("shm_window_race", {}));
  EXPECT_FALSE(std::filesystem::exists("/dev/shm/lockstep-races-window"));
}

// A segment that shmget(IPC_PRIVATE) created without IPC_CREAT is removed after the execution;
// the program, in which the pass found nothing to instrument, is still known as built with
// lockstep-cc (no note).
TEST_F(RaceCleanTest, PrivateSystemVSegmentIsRemovedAndTheProgramCountsAsInstrumented) {
  const CommandResult result = run({}, commandOf("sysv_private_cleanup", {}));
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  EXPECT_EQ(summary()["instrumented"], true) << summary().dump(2);
  EXPECT_EQ(result.err.find("was not built with lockstep-cc"), std::string::npos) << result.err;
  std::istringstream idText(readFile(dir_ / "shm-id"));
  int id = -1;
  ASSERT_TRUE(idText >> id);
  std::ifstream table("/proc/sysvipc/shm");
  std::string line;
  std::getline(table, line); // the header
  while (std::getline(table, line)) {
    std::istringstream fields(line);
    long key = 0;
    int shmid = -1;
    fields >> key >> shmid;
    EXPECT_NE(shmid, id) << "segment " << id << " left behind";
  }
}

// A program not built with lockstep-cc (its dynamic symbols do not refer to the runtime's ABI)
// still runs, with a note that its memory accesses are not checked.
TEST_F(RaceCleanTest, UninstrumentedProgramGetsANote) {
  const CommandResult result = run({}, {"/bin/true"});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  EXPECT_EQ(summary()["instrumented"], false) << summary().dump(2);
  EXPECT_NE(result.err.find("was not built with lockstep-cc / lockstep-c++"), std::string::npos)
      << result.err;
}

} // namespace
} // namespace lockstep::integration
