// Preemption bounding by iterative deepening (Musuvathi and Qadeer, "Iterative context bounding
// for systematic testing of multithreaded programs", PLDI 2007, as in CHESS): runs the inner
// search (dfs or dpor) with at most 0 preemptions, then 1, ... up to K. Stops early, complete,
// when a bound pruned nothing; otherwise reports the bound as what stopped it.
#pragma once

#include "strategy/strategy.h"

#include <functional>
#include <memory>

namespace lockstep::checker {

class BoundedStrategy : public Strategy {
public:
  // make(b) builds the inner strategy for bound b; pruned(s) says whether it skipped choices.
  BoundedStrategy(int maxBound, std::function<std::unique_ptr<Strategy>(int)> make)
      : maxBound_(maxBound), make_(std::move(make)), inner_(make_(0)) {}

  std::optional<Plan> nextPlan() override {
    for (;;) {
      std::optional<Plan> plan = inner_->nextPlan();
      if (plan)
        return plan;
      blocked_ += inner_->blockedExecutions();
      if (inner_->exhaustive()) {
        complete_ = true;
        return std::nullopt;
      }
      if (bound_ >= maxBound_)
        return std::nullopt;
      inner_ = make_(++bound_);
    }
  }
  void onExecution(const Plan &plan, const Execution &execution) override {
    inner_->onExecution(plan, execution);
  }
  bool exhaustive() const override { return complete_; }
  std::string name() const override { return inner_->name(); }
  nlohmann::json parameters() const override {
    nlohmann::json p = inner_->parameters();
    p["preemption_bound"] = maxBound_;
    return p;
  }
  uint64_t blockedExecutions() const override { return blocked_ + inner_->blockedExecutions(); }
  std::string boundReached() const override { return complete_ ? "" : "preemption-bound"; }
  double remainingEstimate() const override { return inner_->remainingEstimate(); }

private:
  int maxBound_;
  int bound_ = 0;
  std::function<std::unique_ptr<Strategy>(int)> make_;
  std::unique_ptr<Strategy> inner_;
  uint64_t blocked_ = 0;
  bool complete_ = false;
};

} // namespace lockstep::checker
