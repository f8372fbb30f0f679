// What the systematic strategies (dfs, dpor) share: the first plan is empty (the runtime's
// default policy runs the first execution), each later one is the plan the strategy computed
// from the last execution, and the search ends when no plan is left. With a preemption bound,
// the search is exhaustive only if the bound pruned nothing.
#pragma once

#include "strategy/strategy.h"

namespace lockstep::checker {

class PathStrategy : public Strategy {
public:
  std::optional<Plan> nextPlan() final {
    if (!started_) {
      started_ = true;
      return Plan{};
    }
    if (exhausted_)
      return std::nullopt;
    return next_;
  }
  bool exhaustive() const final { return exhausted_ && !pruned_; }
  std::string boundReached() const final { return pruned_ ? "preemption-bound" : ""; }
  bool pruned() const { return pruned_; }

protected:
  // preemptionBound < 0: none.
  explicit PathStrategy(int preemptionBound) : bound_(preemptionBound) {}

  int bound_;
  Plan next_;              // the next execution's plan, when !exhausted_
  bool started_ = false;   // the first (empty) plan was given
  bool exhausted_ = false; // no plan is left
  bool pruned_ = false;    // the preemption bound cut a choice
};

} // namespace lockstep::checker
