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
};

} // namespace lockstep::checker
