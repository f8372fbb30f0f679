// Race focus beyond plain accesses to shared memory (issue 3 item 7, docs/races.md): races on
// private memory of a multi-threaded process (a global, named by module offset; a heap block,
// named by its address), memory intrinsics on focused granules (memcpy cut at the granules), and
// a plain spin loop under focus (the spin rule applied to memory_load steps). Each racy program's
// consequence is found under focus and replays to the same verdict; each fixed twin is explored
// completely without a report.
#include "RaceFocusFixture.h"

namespace lockstep::integration {
namespace {

struct KindCase {
  std::string program; // in tests/races/programs
  std::string site;    // "file:line" of the failing assertion
  std::string focus;   // how the summary's detail names the focused location(s)
  std::string kind;    // the schedule's race_focus[0].kind ("" when shared: not written)
};

std::ostream &operator<<(std::ostream &os, const KindCase &c) { return os << c.program; }

// threads_lost_update: a global `counter++` in two threads; focus on the global (module
//   offset): T1 load, T2 load, T2 store, T1 store leaves 1.
// heap_lost_update: the same on a calloc'd block (named by its address).
// memcpy_torn_read: the parent's memcpy of a {a, b} pair reads `a` (step on granule 0), the
//   child stores a and b, the copy reads `b` (step on granule 8): a torn copy.
// flag_spin_race: the child spins on a plain flag the parent raises before writing the datum;
//   it reads the flag set and the datum not yet written.
const std::vector<KindCase> kKindCases = {
    {"threads_lost_update", "threads_lost_update.c:23", "private memory in threads_lost_update+0x",
     "module"},
    {"heap_lost_update", "heap_lost_update.c:24", "private memory at 0x", "address"},
    {"memcpy_torn_read", "memcpy_torn_read.c:32",
     "anonymous shared mapping+0x0, anonymous shared mapping+0x8", ""},
    {"flag_spin_race", "flag_spin_common.h:21",
     "anonymous shared mapping+0x8, anonymous shared mapping+0x0", ""},
};

class RaceFocusKindsTest : public RaceFocusFixture,
                           public ::testing::WithParamInterface<KindCase> {};

TEST_P(RaceFocusKindsTest, FindsTheConsequenceUnderFocusAndReplaysIt) {
  const KindCase &c = GetParam();
  const nlohmann::json s = expectConsequence({programPath(c.program)}, c.site, c.focus).summary;
  ASSERT_GE(s["bugs"].size(), 2U) << s.dump(2);
  // ... and the race report links to it.
  EXPECT_NE(s["bugs"][0]["details"].dump().find("consequence found under race focus: bug-" +
                                                std::to_string(s["bugs"].size()) + " (assertion)"),
            std::string::npos)
      << s.dump(2);
  EXPECT_EQ(s["race_focus"]["stopped_by"], "bug") << s.dump(2);

  const std::string schedule = s["bugs"].back()["schedule"];
  const nlohmann::json doc = readJson(schedule);
  ASSERT_GE(doc["options"]["race_focus"].size(), 1U) << doc.dump(2);
  if (c.kind.empty())
    EXPECT_FALSE(doc["options"]["race_focus"][0].contains("kind")) << doc.dump(2);
  else
    EXPECT_EQ(doc["options"]["race_focus"][0]["kind"], c.kind) << doc.dump(2);
  expectReplaysAssertion(schedule);
}

TEST_P(RaceFocusKindsTest, KeepGoingCompletesTheFocusedSearch) {
  expectKeepGoingCompletes({programPath(GetParam().program)});
}

TEST_P(RaceFocusKindsTest, WithoutFocusOnlyRacesAreReported) {
  expectOnlyRacesWithoutFocus({programPath(GetParam().program)});
}

INSTANTIATE_TEST_SUITE_P(Programs, RaceFocusKindsTest, ::testing::ValuesIn(kKindCases),
                         [](const auto &info) { return info.param.program; });

// flag_spin_publish: racy but correct under sequential consistency. The focused search runs the
// child's plain spin loop as memory_load steps; the spin rule must make it finite, so the run
// completes with the two races only (without the rule, the child re-reads the flag until
// --max-steps, a `hang`-like verdict).
class RaceFocusSpin : public RaceFocusFixture {};

TEST_F(RaceFocusSpin, PlainSpinLoopUnderFocusCompletes) {
  expectSpinCompletesWithRacesOnly({programPath("flag_spin_publish")}, 2);
}

// DPOR on the focused accesses of the two-thread increments: each thread makes a load L and a
// store S of the counter; L1 and L2 commute, every other pair of the two threads conflicts, so the
// Mazurkiewicz traces are fixed by which store comes first and whether each load precedes the
// other thread's store: L1 S1 L2 S2, L2 S2 L1 S1, and both loads before both stores with S1 or
// S2 first (L1 L2 S1 S2 = L2 L1 S1 S2, L1 L2 S2 S1 = L2 L1 S2 S1): 4 executions, two of which
// lose an update. The main search has 1 (no visible step of the threads conflicts).
class RaceFocusDporCount : public LockstepTest,
                           public ::testing::WithParamInterface<std::string> {};

TEST_P(RaceFocusDporCount, ExploresTheFourOrdersOfTheIncrements) {
  std::vector<std::string> argv = runArguments({"--keep-going"}, {programPath(GetParam())});
  ASSERT_EQ(argv[2], "--strategy");
  argv[3] = "dpor";
  const CommandResult result = runCommand(argv, dir_);
  ASSERT_EQ(result.code, 1) << result.out << result.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["executions"], 1) << s.dump(2);
  EXPECT_EQ(s["race_focus"]["executions"], 4) << s.dump(2);
  EXPECT_EQ(s["race_focus"]["complete"], true) << s.dump(2);
  EXPECT_EQ(s["complete"], true) << s.dump(2);
  EXPECT_EQ(s["bugs"].back()["kind"], "assertion") << s.dump(2);
}

INSTANTIATE_TEST_SUITE_P(Programs, RaceFocusDporCount,
                         ::testing::Values("threads_lost_update", "heap_lost_update"));

class RaceFocusKindsCleanTest : public RaceFocusFixture,
                                public ::testing::WithParamInterface<std::string> {};

TEST_P(RaceFocusKindsCleanTest, FixedTwinIsCleanAndComplete) {
  expectCleanTwin({programPath(GetParam())});
}

INSTANTIATE_TEST_SUITE_P(Programs, RaceFocusKindsCleanTest,
                         ::testing::Values("threads_lost_update_atomic", "heap_lost_update_fixed",
                                           "memcpy_torn_read_fixed", "flag_spin_fixed"));

} // namespace
} // namespace lockstep::integration
