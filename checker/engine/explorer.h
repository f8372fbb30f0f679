// The exploration loop: asks the strategy for a plan, runs it, hands the execution back, and
// stops at the first bug (or collects them), when the strategy is exhausted, or at a bound
// (executions, time). It knows nothing of how plans are chosen.
#pragma once

#include "engine/executor.h"
#include "strategy/strategy.h"

#include <chrono>
#include <functional>

namespace lockstep::checker {

struct ExploreOptions {
  uint64_t maxExecutions = 0; // 0: no bound
  std::chrono::milliseconds timeLimit{0}; // 0: no bound
  bool keepGoing = false;
  bool progress = false; // a status line on stderr
};

struct FoundBug {
  Bug bug;
  Plan plan;             // the schedule that reproduces it (agent and outcome of every step)
  Execution execution;   // the execution that showed it
  uint64_t executionIndex = 0;
};

struct ExploreResult {
  uint64_t executions = 0;
  bool complete = false;    // the strategy covered everything and nothing stopped it early
  std::string stoppedBy;    // "", "bug", "max-executions", "time-limit"
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

  Executor &executor_;
  Strategy &strategy_;
  ExploreOptions options_;
};

// The plan that replays an execution's first `steps` steps exactly.
Plan planOf(const Execution &execution, size_t steps);

} // namespace lockstep::checker
