// Step-by-step schedules (see stepwise_strategy.h): the probing loop, pct and random.
#include "strategy/stepwise_strategy.h"

#include <algorithm>

namespace lockstep::checker {

void StepwiseStrategy::onExecution(const Plan & /*plan*/, const Execution &execution) {
  // Replay the walk's choices from the start (they are deterministic), then find the first step
  // past the plan where the strategy disagrees with what ran.
  startWalk(walk_);
  int previous = -1;
  for (size_t k = 0; k < execution.steps.size(); ++k) {
    const Step &s = execution.steps[k];
    const int wanted = choose(k, s.enabled, previous);
    if (k >= plan_.size() && wanted != s.agent) {
      plan_.push_back({static_cast<uint16_t>(wanted), protocol::kAnyVariant, 0});
      probe_ = true;
      return;
    }
    if (k >= plan_.size())
      plan_.push_back({static_cast<uint16_t>(s.agent), s.variant, 0});
    observe(k, s.agent);
    previous = s.agent;
  }
  probe_ = false;
  walkStarted_ = false;
  ++walk_;
}

void PctStrategy::onExecution(const Plan &plan, const Execution &execution) {
  StepwiseStrategy::onExecution(plan, execution);
  if (!lastWasProbe())
    horizon_ = std::max(horizon_, execution.steps.size());
}

void PctStrategy::startWalk(uint64_t walk) {
  walk_ = walk;
  std::fill(std::begin(assigned_), std::end(assigned_), false);
  changePoints_.clear();
  for (int i = 1; i < depth_; ++i)
    changePoints_.push_back(1 + draw(walk, 0x1000 + i) % horizon_);
}

int PctStrategy::choose(size_t index, uint64_t enabled, int /*previous*/) {
  int best = -1;
  for (uint64_t m = enabled; m != 0; m &= m - 1) {
    const int a = __builtin_ctzll(m);
    if (!assigned_[a]) {
      // Initial priorities d .. d+n: distinct, random, above every change-point priority.
      assigned_[a] = true;
      priority_[a] = depth_ + static_cast<int64_t>(draw(walk_, a) % 1000000) * 64 + a;
    }
    if (best < 0 || priority_[a] > priority_[best])
      best = a;
  }
  (void)index;
  return best;
}

void PctStrategy::observe(size_t index, int agent) {
  for (size_t i = 0; i < changePoints_.size(); ++i) {
    if (changePoints_[i] == index + 1)
      priority_[agent] = static_cast<int64_t>(depth_ - 1 - i); // d-1 .. 1: below all others
  }
}

int RandomStrategy::choose(size_t index, uint64_t enabled, int /*previous*/) {
  const int n = __builtin_popcountll(enabled);
  if (n == 0)
    return -1;
  int pick = static_cast<int>(draw(walk_, index) % static_cast<uint64_t>(n));
  uint64_t m = enabled;
  while (pick-- > 0)
    m &= m - 1;
  return __builtin_ctzll(m);
}

} // namespace lockstep::checker
