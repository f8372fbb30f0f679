// The interface every exploration strategy implements. A strategy proposes the plan of the
// next execution (the schedule prefix the runtime follows before its default policy) and learns
// from the execution that resulted. Replay is a strategy too: it proposes the recorded schedule
// once.
#pragma once

#include "control_block.h"
#include "trace/execution.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lockstep::checker {

using Plan = std::vector<protocol::PlanEntry>;

class Strategy {
public:
  virtual ~Strategy() = default;

  // The next plan, or nothing when the strategy has explored all it will.
  virtual std::optional<Plan> nextPlan() = 0;

  // Called with every execution that resulted from the last plan.
  virtual void onExecution(const Plan &plan, const Execution &execution) = 0;

  // True when the strategy ran out of plans because the whole search space was covered.
  virtual bool exhaustive() const = 0;

  virtual std::string name() const = 0;
  virtual nlohmann::json parameters() const { return nlohmann::json::object(); }

  // Executions that explored nothing new: sleep-set blocked, or redundant because the runtime's
  // default policy past the plan ran an agent asleep there (DPOR only).
  virtual uint64_t blockedExecutions() const { return 0; }

  // When the strategy ran out of plans because of a bound it was given ("preemption-bound"), its
  // name; empty otherwise.
  virtual std::string boundReached() const { return {}; }

  // An estimate of the executions still to run, or a negative number when there is none.
  virtual double remainingEstimate() const { return -1; }

  // True when the last execution only probed a prefix of a schedule the strategy is building
  // step by step (pct, random): it is run and judged but does not count as an execution.
  virtual bool lastWasProbe() const { return false; }

  // Randomized strategies never claim completeness and need a budget.
  virtual bool randomized() const { return false; }
  virtual std::optional<uint64_t> seed() const { return std::nullopt; }
};

} // namespace lockstep::checker
