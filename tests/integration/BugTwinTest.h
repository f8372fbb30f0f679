// The check every integration suite makes of a bug program and its fixed twin: the bug is found
// with the right verdict, only after the first (default) interleaving, deterministically (the
// same command writes a byte-identical schedule and the same verdict), and its schedule replays
// to the same verdict; the fixed twin is explored completely without a bug. A suite lists its
// cases and instantiates the tests with
//   INSTANTIATE_TEST_SUITE_P(Suite, BugTwinTest, ::testing::ValuesIn(kCases), bugTwinName);
#ifndef LOCKSTEP_TESTS_INTEGRATION_BUGTWINTEST_H
#define LOCKSTEP_TESTS_INTEGRATION_BUGTWINTEST_H

#include "LockstepRunner.h"

#include <ostream>
#include <string>
#include <vector>

namespace lockstep::integration {

struct BugTwin {
  std::string program;                // the bug program; its twin is program + "_fixed"
  std::string kind;                   // the expected verdict
  std::string mentions;               // text the message (or its detail lines) must contain
  std::vector<std::string> options{}; // extra `lockstep run` options, for both programs
  int fixedExecutions = -1;           // the twin's executions when derived or pinned (-1: any)
};

std::ostream &operator<<(std::ostream &os, const BugTwin &c);
std::string bugTwinName(const ::testing::TestParamInfo<BugTwin> &info);

class BugTwinTest : public LockstepTest, public ::testing::WithParamInterface<BugTwin> {};

} // namespace lockstep::integration

#endif
