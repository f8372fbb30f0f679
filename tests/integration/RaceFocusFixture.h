// The checks every race-focus integration test makes (tests/races, tests/focus2; docs/races.md):
// a run whose main search reports data races and whose focused search finds their consequence
// (an assertion) and links it to them, its replay, the same program run without focus and with
// --keep-going, and a fixed twin. Each returns what it read, for the test's own further checks.
#pragma once

#include "LockstepRunner.h"

#include <string>
#include <vector>

namespace lockstep::integration {

class RaceFocusFixture : public LockstepTest {
protected:
  struct FocusRun {
    CommandResult result;
    nlohmann::json summary;
  };

  // Runs `command` with focus: exit 1, data races first, and last the assertion at `site`, found
  // under race focus on `focus`, the consequence of the race reported as bug-1.
  FocusRun expectConsequence(const std::vector<std::string> &command, const std::string &site,
                             const std::string &focus) {
    FocusRun r{run({}, command), {}};
    EXPECT_EQ(r.result.code, 1) << r.result.out << r.result.err;
    r.summary = summary();
    const nlohmann::json &bugs = r.summary["bugs"];
    EXPECT_GE(bugs.size(), 2U) << r.summary.dump(2);
    if (bugs.size() < 2)
      return r;
    for (size_t i = 0; i + 1 < bugs.size(); ++i)
      EXPECT_EQ(bugs[i]["kind"], "data-race") << r.summary.dump(2);
    const nlohmann::json &bug = bugs.back();
    EXPECT_EQ(bug["kind"], "assertion") << r.summary.dump(2);
    EXPECT_NE(bug["message"].get<std::string>().find(site), std::string::npos) << r.summary.dump(2);
    const std::string details = bug["details"].dump();
    EXPECT_NE(details.find("found under race focus on " + focus), std::string::npos) << details;
    EXPECT_NE(details.find("reported as bug-1"), std::string::npos) << details;
    EXPECT_EQ(r.summary["race_focus"]["ran"], true) << r.summary.dump(2);
    return r;
  }

  // Replays a schedule: the same assertion again.
  void expectReplaysAssertion(const std::string &schedule) const {
    const CommandResult replayed = replay(schedule);
    EXPECT_EQ(replayed.code, 1) << replayed.out << replayed.err;
    EXPECT_NE(replayed.out.find("lockstep: BUG assertion (replayed)"), std::string::npos)
        << replayed.out << replayed.err;
  }

  // With --keep-going both searches complete, the assertion still last.
  nlohmann::json expectKeepGoingCompletes(const std::vector<std::string> &command) {
    const CommandResult result = run({"--keep-going"}, command);
    EXPECT_EQ(result.code, 1) << result.out << result.err;
    const nlohmann::json s = summary();
    EXPECT_EQ(s["complete"], true) << s.dump(2);
    EXPECT_EQ(s["race_focus"]["complete"], true) << s.dump(2);
    EXPECT_FALSE(s["bugs"].empty()) << s.dump(2);
    if (!s["bugs"].empty()) {
      EXPECT_EQ(s["bugs"].back()["kind"], "assertion") << s.dump(2);
    }
    return s;
  }

  // Without focus the main search completes with races only: the consequence needs the focus.
  nlohmann::json expectOnlyRacesWithoutFocus(const std::vector<std::string> &command) {
    const CommandResult result = run({"--no-race-focus"}, command);
    EXPECT_EQ(result.code, 1) << result.out << result.err;
    const nlohmann::json s = summary();
    EXPECT_EQ(s["complete"], true) << s.dump(2);
    EXPECT_FALSE(s["bugs"].empty()) << s.dump(2);
    for (const nlohmann::json &bug : s["bugs"])
      EXPECT_EQ(bug["kind"], "data-race") << s.dump(2);
    EXPECT_EQ(s["race_focus"]["ran"], false) << s.dump(2);
    return s;
  }

  // A spin loop under focus: the spin rule makes the focused search finite, so both searches
  // complete with `races` data races and nothing else.
  void expectSpinCompletesWithRacesOnly(const std::vector<std::string> &command, size_t races) {
    const CommandResult result = run({}, command);
    ASSERT_EQ(result.code, 1) << result.out << result.err;
    const nlohmann::json s = summary();
    EXPECT_EQ(s["complete"], true) << s.dump(2);
    EXPECT_EQ(s["race_focus"]["ran"], true) << s.dump(2);
    EXPECT_EQ(s["race_focus"]["complete"], true) << s.dump(2);
    EXPECT_GT(s["race_focus"]["executions"].get<uint64_t>(), 1U) << s.dump(2);
    ASSERT_EQ(s["bugs"].size(), races) << s.dump(2);
    for (const nlohmann::json &bug : s["bugs"])
      EXPECT_EQ(bug["kind"], "data-race") << s.dump(2);
  }

  // A fixed twin: no race, so no focused search; explored completely without a report.
  void expectCleanTwin(const std::vector<std::string> &command) {
    const CommandResult result = run({}, command);
    EXPECT_EQ(result.code, 0) << result.out << result.err;
    const nlohmann::json s = summary();
    EXPECT_EQ(s["complete"], true) << s.dump(2);
    EXPECT_TRUE(s["bugs"].empty()) << s.dump(2);
    EXPECT_EQ(s["race_focus"]["ran"], false) << s.dump(2);
  }
};

} // namespace lockstep::integration
