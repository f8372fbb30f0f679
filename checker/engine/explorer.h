// The exploration loop: asks the strategy for a plan, runs it, hands the execution back, and
// stops at the first bug (or collects them), when the strategy is exhausted, or at a bound
// (executions, time). It knows nothing of how plans are chosen.
#pragma once

#include "engine/executor.h"
#include "strategy/strategy.h"

#include <chrono>
#include <functional>
#include <optional>

namespace lockstep::checker {

struct ExploreOptions {
  uint64_t maxExecutions = 0;             // 0: no bound
  std::chrono::milliseconds timeLimit{0}; // 0: no bound
  bool keepGoing = false;
  bool progress = false; // a status line on stderr
};

// Two bugs are the same when they have the same kind and the same code locations (the call
// sites of the steps of the agents involved, and of the bug itself): --keep-going keeps one
// schedule per key.
std::string bugKey(const Bug &bug, const Execution &execution);

struct FoundBug {
  Bug bug;
  Plan plan;           // the schedule that reproduces it (agent and outcome of every step)
  Execution execution; // the execution that showed it
  uint64_t executionIndex = 0;
};

struct ExploreResult {
  uint64_t executions = 0;
  uint64_t blockedExecutions = 0; // redundant or sleep-set blocked (the strategy's count)
  uint64_t probeExecutions = 0;   // prefixes run by pct/random to learn enabled sets
  std::string strategy;
  std::optional<uint64_t> seed;
  bool complete = false; // the strategy covered everything and nothing stopped it early
  std::string stoppedBy; // "", "bug", "max-executions", "time-limit", "preemption-bound"
  size_t maxDepth = 0;
  std::vector<FoundBug> bugs;
  std::chrono::milliseconds elapsed{0};
};

class Explorer {
public:
  Explorer(Executor &executor, Strategy &strategy, ExploreOptions options)
      : executor_(executor), strategy_(strategy), options_(options) {}

  // Throws UsageError for a run that cannot be judged (an unsupported call), runtime_error for
  // internal failures, Interrupted on SIGINT.
  ExploreResult explore();

private:
  void showProgress(const ExploreResult &r, bool final) const;
  void finish(ExploreResult &r) const;

  Executor &executor_;
  Strategy &strategy_;
  std::chrono::steady_clock::time_point start_;
  ExploreOptions options_;
};

// The plan that replays an execution's first `steps` steps exactly.
Plan planOf(const Execution &execution, size_t steps);

} // namespace lockstep::checker
