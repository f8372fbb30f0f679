// Each bug program of tests/programs is found with the right verdict, only in a later execution
// than the first (the bug needs a specific interleaving), deterministically, and its schedule
// replays to the same verdict; each fixed twin is explored completely without a bug.
#include "LockstepRunner.h"

namespace lockstep::integration {
namespace {

struct BugCase {
  std::string program;              // in tests/programs; its twin is program + "_fixed"
  std::string kind;                 // the expected verdict
  std::string mentions;             // text the message (or its details) must contain
  std::vector<std::string> options; // extra `lockstep run` options
};

std::ostream &operator<<(std::ostream &os, const BugCase &c) { return os << c.program; }

const std::vector<BugCase> kBugCases = {
    {"deadlock_missing_post", "deadlock", "waits in sem_wait on semaphore#", {}},
    {"deadlock_lock_order_threads", "deadlock", "wait-for cycle", {}},
    {"assertion_lost_update", "assertion", "assertion `s->balance == 20", {}},
    {"crash_null_publish", "crash", "P1 was killed by SEGV", {}},
    {"exit_code_early_worker", "exit-code", "P1 exited with status 3", {}},
    {"hang_spin_flag", "hang", "without reaching a visible operation", {"--step-timeout", "1"}},
    {"misuse_unlock_not_held", "misuse", "which it does not hold (held by P0)", {}},
    {"misuse_relock", "misuse", "which it already holds", {}},
    {"misuse_destroy_held_mutex", "misuse", "destroys mutex#0 while P1 holds it", {}},
    {"misuse_destroy_sem_waiters", "misuse", "while P2 waits on it", {}},
    {"misuse_private_mutex",
     "misuse",
     "pthread_mutex_lock on mutex#0, which lives in shared memory",
     {}},
    {"misuse_private_sem", "misuse", "sem_post on semaphore#1, which lives in shared memory", {}},
    {"livelock_trywait_poll", "livelock", "step bound (40 steps)", {"--max-steps", "40"}},
};

// The message followed by its detail lines, so a test can look for text in either.
std::string messageOf(const nlohmann::json &bug) {
  std::string text = bug.value("message", "");
  for (const auto &line : bug.value("details", nlohmann::json::array()))
    text += "\n" + line.get<std::string>();
  return text;
}

class BugProgramTest : public LockstepTest, public ::testing::WithParamInterface<BugCase> {};

TEST_P(BugProgramTest, FindsTheBugDeterministicallyAndReplaysIt) {
  const BugCase &c = GetParam();
  const CommandResult first = run(c.options, {programPath(c.program)});
  ASSERT_EQ(first.code, 1) << first.out << first.err;
  const nlohmann::json s = summary();
  ASSERT_EQ(s["bugs"].size(), 1U) << s.dump(2);
  const nlohmann::json &bug = s["bugs"][0];
  EXPECT_EQ(bug["kind"], c.kind) << s.dump(2);
  EXPECT_NE(messageOf(bug).find(c.mentions), std::string::npos) << messageOf(bug);
  EXPECT_GT(bug["execution"].get<int>(), 1) << "the first (default) interleaving must be fine";
  EXPECT_EQ(s["complete"], false);
  EXPECT_EQ(s["stopped_by"], "bug");
  EXPECT_EQ(bug["schedule"], firstSchedule().string());
  EXPECT_NE(first.out.find("lockstep: BUG " + c.kind), std::string::npos) << first.out;
  const nlohmann::json schedule = readJson(firstSchedule());
  EXPECT_EQ(schedule["bug"]["kind"], c.kind);
  EXPECT_EQ(schedule["bug"]["message"], bug["message"]);

  // Same command again: byte-identical schedule and identical report.
  const std::string firstSchedule = readFile(this->firstSchedule());
  const CommandResult second = run(c.options, {programPath(c.program)});
  EXPECT_EQ(second.code, 1);
  EXPECT_EQ(readFile(this->firstSchedule()), firstSchedule);
  EXPECT_EQ(second.out, first.out);

  const CommandResult replayed = replay(this->firstSchedule());
  EXPECT_EQ(replayed.code, 1) << replayed.out << replayed.err;
  EXPECT_NE(replayed.out.find("lockstep: BUG " + c.kind + " (replayed)"), std::string::npos)
      << replayed.out << replayed.err;
  EXPECT_NE(replayed.out.find(bug["message"].get<std::string>()), std::string::npos)
      << replayed.out;
}

TEST_P(BugProgramTest, FixedTwinIsCleanAndComplete) {
  const BugCase &c = GetParam();
  const CommandResult result = run(c.options, {programPath(c.program + "_fixed")});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["complete"], true) << s.dump(2);
  EXPECT_TRUE(s["bugs"].empty()) << s.dump(2);
  EXPECT_TRUE(s["stopped_by"].is_null());
  EXPECT_FALSE(std::filesystem::exists(firstSchedule()));
  EXPECT_NE(result.out.find("no bug found (search complete)"), std::string::npos) << result.out;
}

INSTANTIATE_TEST_SUITE_P(Programs, BugProgramTest, ::testing::ValuesIn(kBugCases),
                         [](const auto &info) { return info.param.program; });

} // namespace
} // namespace lockstep::integration
