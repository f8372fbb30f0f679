// Strategy tests: run the real lockstep binary on the benchmark families and the examples and
// check exact counts, that dpor agrees with dfs on verdicts, and that seeded runs repeat. Also
// unit tests of the dependence relation.
#include "lockstep/models/dependence.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

using lockstep::models::DependenceContext;
using lockstep::models::Event;
using lockstep::protocol::OpKind;

namespace {

nlohmann::json runLockstep(const std::string &args, const std::string &program) {
  const std::string scratch = "/tmp/lockstep_strategy_test_" + std::to_string(getpid());
  const std::string summary = scratch + ".json";
  const std::string cmd = std::string(LOCKSTEP_BIN) + " run --no-progress --keep-going --out " +
                          scratch + "_out " + args + " --summary " + summary + " -- " + program +
                          " >/dev/null 2>&1";
  (void)std::system(cmd.c_str());
  std::ifstream in(summary);
  nlohmann::json result = nlohmann::json::parse(in);
  std::filesystem::remove(summary);
  std::filesystem::remove_all(scratch + "_out");
  return result;
}

std::string family(const std::string &name) { return std::string(LOCKSTEP_FAMILIES) + "/" + name; }

// counter N K: (NK)!/(K!)^N traces (derived in tests/families/counter.c). Optimal-DPOR explores
// exactly one execution per trace, and none is sleep-set blocked.
TEST(DporCounts, CounterMatchesTraceCount) {
  struct Case {
    std::string args;
    uint64_t traces;
  } cases[] = {{"2 1", 2}, {"2 2", 6}, {"3 1", 6}, {"2 3", 20}, {"4 1", 24}};
  for (const Case &c : cases) {
    const nlohmann::json d = runLockstep("--strategy dpor", family("counter") + " " + c.args);
    EXPECT_EQ(d["executions"].get<uint64_t>(), c.traces) << c.args;
    EXPECT_EQ(d["blocked_executions"].get<uint64_t>(), 0U) << c.args;
    EXPECT_TRUE(d["complete"].get<bool>());
  }
}

TEST(DporCounts, DefaultStrategyIsDpor) {
  const nlohmann::json d = runLockstep("", family("counter") + " 2 2");
  EXPECT_EQ(d["strategy"], "dpor");
  EXPECT_EQ(d["executions"].get<uint64_t>(), 6U);
}

TEST(DfsCounts, CounterTwoByOne) {
  const nlohmann::json d = runLockstep("--strategy dfs", family("counter") + " 2 1");
  EXPECT_EQ(d["executions"].get<uint64_t>(), 39U);
}

std::set<std::string> bugKinds(const nlohmann::json &summary) {
  std::set<std::string> kinds;
  for (const auto &bug : summary["bugs"])
    kinds.insert(bug["kind"].get<std::string>());
  return kinds;
}

// On every bug program and fixed twin of the test suites and examples (with --keep-going, so
// every distinct bug counts): dpor finds every kind of bug dfs finds, finds nothing dfs does
// not, completes, and never runs more executions. dpor_missed_order has two bugs (an assertion
// and a deadlock) in different orders of the same two processes: one execution ends early at
// the first, and dpor must still reverse the races of the steps that execution cut off.
class DporVsDfs : public ::testing::TestWithParam<std::string> {};

TEST_P(DporVsDfs, SameBugKindsNoMoreExecutions) {
  const nlohmann::json dpor = runLockstep("--strategy dpor", GetParam());
  const nlohmann::json dfs = runLockstep("--strategy dfs", GetParam());
  EXPECT_EQ(bugKinds(dpor), bugKinds(dfs));
  EXPECT_TRUE(dfs["complete"].get<bool>());
  EXPECT_TRUE(dpor["complete"].get<bool>());
  EXPECT_LE(dpor["executions"].get<uint64_t>(), dfs["executions"].get<uint64_t>());
}

std::vector<std::string> comparedPrograms() {
  std::vector<std::string> out;
  const std::string programs = LOCKSTEP_PROGRAMS;
  for (const char *name :
       {"assertion_lost_update", "crash_null_publish", "deadlock_lock_order_threads",
        "deadlock_missing_post", "exit_code_early_worker", "misuse_destroy_held_mutex",
        "misuse_destroy_sem_waiters", "misuse_private_mutex", "misuse_private_sem", "misuse_relock",
        "misuse_unlock_not_held"}) {
    out.push_back(programs + "/" + name);
    out.push_back(programs + "/" + name + "_fixed");
  }
  out.push_back(programs + "/dpor_missed_order 0");
  out.push_back(programs + "/dpor_missed_order 1");
  const std::string ipc = LOCKSTEP_IPC_PROGRAMS;
  for (const char *name : {"cond_if_wait", "rwlock_upgrade", "timedlock_timeout"}) {
    out.push_back(ipc + "/" + name);
    out.push_back(ipc + "/" + name + "_fixed");
  }
  out.push_back(ipc + "/barrier_three");
  out.push_back(ipc + "/cond_spurious");
  const std::string examples = LOCKSTEP_EXAMPLES;
  for (const char *name :
       {"lock_order_deadlock", "lock_order_fixed", "account_check_then_act",
        "account_check_then_act_fixed", "rpc_reply_mismatch", "rpc_reply_mismatch_fixed"})
    out.push_back(examples + "/" + name);
  return out;
}

std::string testName(const ::testing::TestParamInfo<std::string> &info) {
  std::string name = info.param.substr(info.param.find_last_of('/') + 1);
  for (char &ch : name)
    if (!isalnum(static_cast<unsigned char>(ch)))
      ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Programs, DporVsDfs, ::testing::ValuesIn(comparedPrograms()), testName);

// worker_missing_post takes dfs about 2000 executions: dpor must find its deadlock in far fewer.
TEST(DporVsDfsLarge, WorkerMissingPost) {
  const nlohmann::json dpor =
      runLockstep("--strategy dpor", std::string(LOCKSTEP_EXAMPLES) + "/worker_missing_post");
  EXPECT_EQ(bugKinds(dpor), std::set<std::string>{"deadlock"});
  EXPECT_TRUE(dpor["complete"].get<bool>());
  EXPECT_LT(dpor["executions"].get<uint64_t>(), 100U);
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
  // A yield stands for the invisible code around it: it conflicts with every other agent's step.
  EXPECT_TRUE(dependent(Event{0, OpKind::thread_yield, lockstep::protocol::kNoObject, -1},
                        Event{1, OpKind::mutex_lock, 2, -1}, kContext));
}

} // namespace
