// Strategy tests: run the real lockstep binary on the benchmark families and the examples and
// check exact counts, that dpor agrees with dfs on verdicts, and that seeded runs repeat. Also
// unit tests of the dependence relation.
#include "lockstep/models/dependence.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <string>

using lockstep::models::DependenceContext;
using lockstep::models::Event;
using lockstep::protocol::OpKind;

namespace {

nlohmann::json runLockstep(const std::string &args, const std::string &program) {
  const std::string summary = "/tmp/lockstep_strategy_test_" + std::to_string(getpid()) + ".json";
  const std::string cmd = std::string(LOCKSTEP_BIN) +
                          " run --no-progress --keep-going --out /tmp/" + "lockstep_strategy_out " +
                          args + " --summary " + summary + " -- " + program + " >/dev/null 2>&1";
  (void)std::system(cmd.c_str());
  std::ifstream in(summary);
  return nlohmann::json::parse(in);
}

std::string family(const std::string &name) { return std::string(LOCKSTEP_FAMILIES) + "/" + name; }

// counter N K: (NK)!/(K!)^N traces; dpor explores exactly one non-blocked execution per trace.
TEST(DporCounts, CounterMatchesTraceCount) {
  struct Case {
    std::string args;
    uint64_t traces;
  } cases[] = {{"2 1", 2}, {"2 2", 6}, {"3 1", 6}};
  for (const Case &c : cases) {
    const nlohmann::json d = runLockstep("--strategy dpor", family("counter") + " " + c.args);
    EXPECT_EQ(d["executions"].get<uint64_t>() - d["blocked_executions"].get<uint64_t>(), c.traces)
        << c.args;
    EXPECT_TRUE(d["complete"].get<bool>());
  }
}

TEST(DfsCounts, CounterTwoByOne) {
  const nlohmann::json d = runLockstep("--strategy dfs", family("counter") + " 2 1");
  EXPECT_EQ(d["executions"].get<uint64_t>(), 39U);
}

TEST(DporVsDfs, ExamplesSameVerdictsFewerExecutions) {
  for (const char *name : {"lock_order_deadlock", "lock_order_fixed"}) {
    const std::string program = std::string(LOCKSTEP_EXAMPLES) + "/" + name;
    const nlohmann::json dpor = runLockstep("--strategy dpor", program);
    const nlohmann::json dfs = runLockstep("--strategy dfs", program);
    EXPECT_EQ(dpor["bugs"].empty(), dfs["bugs"].empty()) << name;
    EXPECT_LE(dpor["executions"].get<uint64_t>(), dfs["executions"].get<uint64_t>()) << name;
  }
}

TEST(Randomized, SameSeedSameSummary) {
  for (const char *strategy : {"pct", "random"}) {
    const std::string args =
        std::string("--strategy ") + strategy + " --seed 7 --max-executions 10";
    nlohmann::json a = runLockstep(args, family("philosophers") + " 3");
    nlohmann::json b = runLockstep(args, family("philosophers") + " 3");
    a.erase("elapsed_ms");
    b.erase("elapsed_ms");
    EXPECT_EQ(a, b) << strategy;
    EXPECT_FALSE(a["complete"].get<bool>());
    EXPECT_EQ(a["stopped_by"], "max-executions");
  }
}

TEST(Bounded, PreemptionBoundIsReported) {
  const nlohmann::json d =
      runLockstep("--strategy dfs --preemption-bound 0", family("counter") + " 2 1");
  EXPECT_FALSE(d["complete"].get<bool>());
  EXPECT_EQ(d["stopped_by"], "preemption-bound");
}

// Agents 0 (P0) and 1 (P1, child of P0).
const int32_t kAgentProcess[] = {0, 1};
const int32_t kProcessParent[] = {-1, 0};
const DependenceContext kContext{kAgentProcess, 2, kProcessParent, 2};

TEST(Dependence, SameMutexOnly) {
  EXPECT_TRUE(dependent(Event{0, OpKind::mutex_lock, 3, -1}, Event{1, OpKind::mutex_unlock, 3, -1},
                        kContext));
  EXPECT_FALSE(dependent(Event{0, OpKind::mutex_lock, 3, -1}, Event{1, OpKind::mutex_lock, 4, -1},
                         kContext));
}

TEST(Dependence, SemaphoreReadsCommute) {
  EXPECT_FALSE(dependent(Event{0, OpKind::sem_getvalue, 1, -1},
                         Event{1, OpKind::sem_getvalue, 1, -1}, kContext));
  EXPECT_TRUE(
      dependent(Event{0, OpKind::sem_post, 1, -1}, Event{1, OpKind::sem_wait, 1, -1}, kContext));
}

TEST(Dependence, ForkExitWaitYield) {
  EXPECT_TRUE(dependent(Event{0, OpKind::process_fork, lockstep::protocol::kNoObject, 1},
                        Event{1, OpKind::mutex_lock, 2, -1}, kContext));
  EXPECT_TRUE(dependent(Event{1, OpKind::process_exit, lockstep::protocol::kNoObject, 1},
                        Event{0, OpKind::process_wait, lockstep::protocol::kNoObject, 1},
                        kContext));
  EXPECT_FALSE(dependent(Event{0, OpKind::thread_yield, 2, -1}, Event{1, OpKind::mutex_lock, 2, -1},
                         kContext));
}

} // namespace
