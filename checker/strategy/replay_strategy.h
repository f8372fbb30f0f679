// Replay as a strategy: one plan, the recorded schedule, with every step's agent and outcome.
#pragma once

#include "strategy/strategy.h"

namespace lockstep::checker {

class ReplayStrategy : public Strategy {
public:
  explicit ReplayStrategy(Plan plan) : plan_(std::move(plan)) {}

  std::optional<Plan> nextPlan() override {
    if (done_)
      return std::nullopt;
    done_ = true;
    return plan_;
  }
  void onExecution(const Plan & /*plan*/, const Execution & /*execution*/) override {}
  bool exhaustive() const override { return false; }
  std::string name() const override { return "replay"; }

private:
  Plan plan_;
  bool done_ = false;
};

} // namespace lockstep::checker
