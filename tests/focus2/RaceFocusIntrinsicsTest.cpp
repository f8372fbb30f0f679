// Race focus on what tests/races does not cover (issue 3 item 7, docs/races.md): memmove and
// memset on focused shared locations of a multi-process program (the copy or fill is cut at the
// focused granules, so the torn state needs the focused interleaving), a heap block moved by
// realloc (focused at its new address), and a plain spin loop that also stores to a focused
// location every round. Each consequence is found only by the focused search and replays to the
// same verdict; each fixed twin (argument "fixed") is explored completely without a report.
#include "RaceFocusFixture.h"

namespace lockstep::integration {
namespace {

struct FocusCase {
  std::string program; // in tests/focus2/programs
  std::string site;    // "file:line" of the failing assertion
  std::string focus;   // how the assertion's details name the focused location(s)
};

std::ostream &operator<<(std::ostream &os, const FocusCase &c) { return os << c.program; }

// memmove_torn_read: the child stores a then b (lines 20, 21); the parent's memmove of the pair
//   is cut at the granule of b: it reads a (0), the child stores both, it reads b (1).
// memset_torn: the parent's memset of the pair is cut at the granule of b: it clears a, the
//   child reads a (0) and b (1), the memset clears b; the parent asserts on what the child saw.
// realloc_lost_update: `counter[1]++` in two threads on the block realloc moved; T1 load, T2
//   load, T2 store, T1 store leaves 1.
const std::vector<FocusCase> kCases = {
    {"memmove_torn_read", "memmove_torn_read.c:34",
     "anonymous shared mapping+0x28, anonymous shared mapping+0x30"},
    {"memset_torn", "memset_torn.c:38",
     "anonymous shared mapping+0x28, anonymous shared mapping+0x30"},
    {"realloc_lost_update", "realloc_lost_update.c:33", "private memory at 0x"},
};

class RaceFocusIntrinsicsTest : public RaceFocusFixture,
                                public ::testing::WithParamInterface<FocusCase> {};

TEST_P(RaceFocusIntrinsicsTest, FindsTheConsequenceUnderFocusAndReplaysIt) {
  const FocusCase &c = GetParam();
  const nlohmann::json s = expectConsequence({programPath(c.program)}, c.site, c.focus).summary;
  ASSERT_GE(s["bugs"].size(), 2U) << s.dump(2);
  expectReplaysAssertion(s["bugs"].back()["schedule"].get<std::string>());
}

TEST_P(RaceFocusIntrinsicsTest, KeepGoingCompletesTheFocusedSearch) {
  expectKeepGoingCompletes({programPath(GetParam().program)});
}

TEST_P(RaceFocusIntrinsicsTest, WithoutFocusOnlyRacesAreReported) {
  expectOnlyRacesWithoutFocus({programPath(GetParam().program)});
}

TEST_P(RaceFocusIntrinsicsTest, FixedTwinIsCleanAndComplete) {
  expectCleanTwin({programPath(GetParam().program), "fixed"});
}

INSTANTIATE_TEST_SUITE_P(Programs, RaceFocusIntrinsicsTest, ::testing::ValuesIn(kCases),
                         [](const auto &info) { return info.param.program; });

// spin_store: the parent's `do s->alive = 1; while (!s->stop);` under focus on both flags. Its
// stores of `alive` after the first store the value already there: they change nothing, the loop
// is a spin until the child stores `stop`, and the focused search completes with the two races
// only. (When every focused store counted as a change, the loop never was a spin and the focused
// search ran it to --max-steps: a false livelock.)
class RaceFocusSpinStore : public RaceFocusFixture {};

TEST_F(RaceFocusSpinStore, SpinLoopThatStoresTheSameValueCompletes) {
  expectSpinCompletesWithRacesOnly({programPath("spin_store")}, 2);
}

TEST_F(RaceFocusSpinStore, FixedTwinIsCleanAndComplete) {
  const CommandResult result = run({}, {programPath("spin_store"), "fixed"});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["complete"], true) << s.dump(2);
  EXPECT_TRUE(s["bugs"].empty()) << s.dump(2);
}

} // namespace
} // namespace lockstep::integration
