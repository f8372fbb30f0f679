// The bug-program / fixed-twin tests shared by the integration suites (see BugTwinTest.h).
#include "BugTwinTest.h"

#include <filesystem>

namespace lockstep::integration {

std::ostream &operator<<(std::ostream &os, const BugTwin &c) { return os << c.program; }

std::string bugTwinName(const ::testing::TestParamInfo<BugTwin> &info) {
  return info.param.program;
}

namespace {

// The message followed by its detail lines, so a case can name text in either.
std::string messageOf(const nlohmann::json &bug) {
  std::string text = bug.value("message", "");
  for (const auto &line : bug.value("details", nlohmann::json::array()))
    text += "\n" + line.get<std::string>();
  return text;
}

} // namespace

TEST_P(BugTwinTest, FindsTheBugDeterministicallyAndReplaysIt) {
  const BugTwin &c = GetParam();
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

  // The same command again: a byte-identical schedule and the same verdict. (The text report may
  // differ: programs name their queues and files after their pid.)
  const std::string scheduleText = readFile(firstSchedule());
  const CommandResult second = run(c.options, {programPath(c.program)});
  EXPECT_EQ(second.code, 1);
  EXPECT_EQ(readFile(firstSchedule()), scheduleText) << "the search must be deterministic";
  EXPECT_EQ(summary()["bugs"][0]["message"], bug["message"]);

  const CommandResult replayed = replay(firstSchedule());
  EXPECT_EQ(replayed.code, 1) << replayed.out << replayed.err;
  EXPECT_NE(replayed.out.find("lockstep: BUG " + c.kind + " (replayed)"), std::string::npos)
      << replayed.out << replayed.err;
  EXPECT_NE(replayed.out.find(bug["message"].get<std::string>()), std::string::npos)
      << replayed.out;
}

TEST_P(BugTwinTest, FixedTwinIsCleanAndComplete) {
  const BugTwin &c = GetParam();
  const CommandResult result = run(c.options, {programPath(c.program + "_fixed")});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["complete"], true) << s.dump(2);
  EXPECT_TRUE(s["bugs"].empty()) << s.dump(2);
  EXPECT_TRUE(s["stopped_by"].is_null()) << s.dump(2);
  EXPECT_FALSE(std::filesystem::exists(firstSchedule()));
  EXPECT_NE(result.out.find("no bug found (search complete)"), std::string::npos) << result.out;
  if (c.fixedExecutions >= 0) {
    EXPECT_EQ(s["executions"], c.fixedExecutions) << s.dump(2);
  }
}

} // namespace lockstep::integration
