// Signals end to end (runtime/src/intercept_signal.cpp): a kill that lands in the middle of a
// transfer is found only after the first interleaving and replays, and its fixed twin is clean
// and complete; the Linux semantics of kill hold natively and under Lockstep; what is not
// modelled (a handled or blocked signal, pause) stops the run with a sentence naming it.
#include "BugTwinTest.h"

namespace lockstep::integration {
namespace {

// kill_mid_transfer: the supervisor's kill lands between the worker's two stores.
//   P1: usleep, from -= 10, usleep
//   P0:                             kill(P1), waitpid, assert: fails
// A kill conflicts with every step (models/src/dependence.cpp), so dpor reverses it with each
// step of the worker. The fixed twin's count is observed, not derived: not asserted.
const std::vector<BugTwin> kBugCases = {
    {"kill_mid_transfer", "assertion", "s->from + s->to == 100", {"--strategy", "dpor"}, -1},
};

INSTANTIATE_TEST_SUITE_P(Signals, BugTwinTest, ::testing::ValuesIn(kBugCases), bugTwinName);

class SignalsTest : public LockstepTest {};

// The semantics program asserts Linux's results of kill (signal 0, SIGTERM, SIGKILL, ignored
// signals, a zombie) and prints one line per part: natively and under Lockstep alike.
TEST_F(SignalsTest, LinuxSemanticsHoldNativelyAndUnderLockstep) {
  const CommandResult native = runCommand({programPath("signal_semantics")}, dir_);
  ASSERT_EQ(native.code, 0) << native.out << native.err;
  const CommandResult result = run({"--show-output"}, {programPath("signal_semantics")});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  EXPECT_EQ(summary()["complete"], true) << summary().dump(2);
  EXPECT_TRUE(summary()["bugs"].empty()) << summary().dump(2);
  EXPECT_NE(result.out.find(native.out), std::string::npos) << result.out << native.out;
}

TEST_F(SignalsTest, WhatIsNotModelledIsRefusedByName) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"handler", "calls kill, which Lockstep does not model yet a signal that the receiving "
                  "process handles"},
      {"blocked", "calls kill, which Lockstep does not model yet a signal that every thread of "
                  "the receiving process blocks"},
      {"pause", "calls pause, which Lockstep does not model yet"},
  };
  for (const auto &[argument, message] : cases) {
    const CommandResult result = run({}, {programPath("kill_refused"), argument});
    EXPECT_EQ(result.code, 2) << argument << ": " << result.out << result.err;
    EXPECT_NE(result.err.find(message), std::string::npos) << argument << ": " << result.err;
  }
}

} // namespace
} // namespace lockstep::integration
