// Race focus end to end (issue 3 item 7, docs/races.md): the main search reports the data race;
// the focused search, in which the raced location's plain accesses are scheduling points, finds
// its consequence (a failed assertion) and reports it with a schedule that carries the focus and
// replays to the same assertion; --no-race-focus reports the race only; the fixed twins are
// explored completely without a report.
#include "RaceFocusFixture.h"

namespace lockstep::integration {
namespace {

struct FocusCase {
  std::string program; // in tests/races/programs
  std::string site;    // "file:line" of the failing assertion
  size_t bugs;         // reported in all: the races, then the assertion last
};

std::ostream &operator<<(std::ostream &os, const FocusCase &c) { return os << c.program; }

// lost_update: two workers run `s->counter++` on a MAP_SHARED counter, the parent asserts 2.
//   The main search (DPOR) never interleaves the plain load and store, so it shows only the race
//   (one execution: the workers' only visible step is their exit). Under focus the load and the
//   store are steps: P1 load, P2 load, P2 store, P1 store leaves 1.
// slot_alloc_race: two workers look for a free slot (owner == 0) and take it with plain
//   accesses; both can see slot 0 free before either takes it: the parent's assertion that they
//   hold different slots fails. The main search sees one race (P1's write, P2's read of slot 0);
//   the focused search also sees a new one, both workers WRITING slot 0 (line 31, a pair of code
//   locations only the double allocation reaches), reported as a race found under focus.
const std::vector<FocusCase> kFocusCases = {
    {"lost_update", "lost_update.c:24", 2},
    {"slot_alloc_race", "slot_alloc_race.c:57", 3},
};

class RaceFocusTest : public RaceFocusFixture, public ::testing::WithParamInterface<FocusCase> {};

TEST_P(RaceFocusTest, FindsTheConsequenceUnderFocusAndReplaysIt) {
  const FocusCase &c = GetParam();
  const FocusRun r =
      expectConsequence({programPath(c.program)}, c.site, "anonymous shared mapping+0x0");
  const nlohmann::json &s = r.summary;
  ASSERT_EQ(s["bugs"].size(), c.bugs) << s.dump(2);
  for (size_t i = 1; i + 1 < c.bugs; ++i) // races on new pairs of code locations, under focus
    EXPECT_NE(s["bugs"][i]["details"].dump().find("found under race focus on"), std::string::npos)
        << s.dump(2);
  const nlohmann::json &bug = s["bugs"][c.bugs - 1];
  EXPECT_EQ(s["race_focus"]["stopped_by"], "bug") << s.dump(2);
  EXPECT_EQ(s["complete"], false) << s.dump(2);
  EXPECT_NE(r.result.out.find("lockstep: race focus on anonymous shared mapping+0x0"),
            std::string::npos)
      << r.result.out;

  // The schedule carries the focus, so replay schedules the same plain accesses again.
  const std::string schedule = bug["schedule"];
  const nlohmann::json doc = readJson(schedule);
  ASSERT_EQ(doc["options"]["race_focus"].size(), 1U) << doc.dump(2);
  EXPECT_EQ(doc["options"]["race_focus"][0]["mapping"], "anonymous shared mapping");
  EXPECT_EQ(doc["options"]["race_focus"][0]["offset"], 0);
  expectReplaysAssertion(schedule);
}

TEST_P(RaceFocusTest, KeepGoingCompletesTheFocusedSearch) {
  const FocusCase &c = GetParam();
  const nlohmann::json s = expectKeepGoingCompletes({programPath(c.program)});
  EXPECT_EQ(s["bugs"].size(), c.bugs) << s.dump(2);
}

TEST_P(RaceFocusTest, WithoutFocusOnlyTheRaceIsReported) {
  const FocusCase &c = GetParam();
  const nlohmann::json s = expectOnlyRacesWithoutFocus({programPath(c.program)});
  EXPECT_EQ(s["bugs"].size(), 1U) << s.dump(2);
}

TEST_P(RaceFocusTest, FocusedSearchRespectsTheExecutionBudget) {
  const FocusCase &c = GetParam();
  // One execution for the main search leaves none for the focused one.
  const CommandResult result = run({"--max-executions", "1"}, {programPath(c.program)});
  ASSERT_EQ(result.code, 1) << result.out << result.err;
  const nlohmann::json s = summary();
  ASSERT_EQ(s["bugs"].size(), 1U) << s.dump(2);
  EXPECT_EQ(s["race_focus"]["ran"], false) << s.dump(2);
  EXPECT_EQ(s["race_focus"]["skipped"], "max-executions") << s.dump(2);
}

INSTANTIATE_TEST_SUITE_P(Programs, RaceFocusTest, ::testing::ValuesIn(kFocusCases),
                         [](const auto &info) { return info.param.program; });

// The fixed twins: no race, so no focused search; explored completely without a report.
class RaceFocusCleanTest : public RaceFocusFixture,
                           public ::testing::WithParamInterface<std::string> {};

TEST_P(RaceFocusCleanTest, FixedTwinIsCleanAndComplete) {
  expectCleanTwin({programPath(GetParam())});
}

INSTANTIATE_TEST_SUITE_P(Programs, RaceFocusCleanTest,
                         ::testing::Values("counter_race_fixed", "slot_alloc_race_fixed"));

} // namespace
} // namespace lockstep::integration
