// Depth-first exploration (see dfs_strategy.h).
#include "strategy/dfs_strategy.h"

#include "lockstep/models/check.h"

namespace lockstep::checker {

using protocol::PlanEntry;

std::optional<Plan> DfsStrategy::nextPlan() {
  if (!started_) {
    started_ = true;
    return Plan{};
  }
  if (exhausted_)
    return std::nullopt;
  return next_;
}

void DfsStrategy::onExecution(const Plan &plan, const Execution &execution) {
  const size_t planned = plan.size();
  // The node the plan ended on learns which outcomes its (possibly new) agent has.
  if (planned > 0 && planned <= execution.steps.size()) {
    Node &last = path_[planned - 1];
    const Step &s = execution.steps[planned - 1];
    LOCKSTEP_CHECK(s.agent == last.agent);
    last.variants = s.variants;
    last.variant = s.variant;
    last.doneVariants |= static_cast<uint8_t>(1U << s.variant);
  }
  path_.resize(std::min(path_.size(), execution.steps.size()));
  for (size_t i = path_.size(); i < execution.steps.size(); ++i) {
    const Step &s = execution.steps[i];
    Node n;
    n.enabled = s.enabled;
    n.agent = s.agent;
    n.variants = s.variants;
    n.variant = s.variant;
    n.doneVariants = static_cast<uint8_t>(1U << s.variant);
    path_.push_back(n);
  }
  exhausted_ = !backtrack();
}

bool DfsStrategy::backtrack() {
  while (!path_.empty()) {
    Node &n = path_.back();
    const uint8_t freshVariants = n.variants & static_cast<uint8_t>(~n.doneVariants);
    if (freshVariants != 0) {
      n.variant = static_cast<uint8_t>(__builtin_ctz(freshVariants));
      n.doneVariants |= static_cast<uint8_t>(1U << n.variant);
    } else {
      n.doneAgents |= uint64_t{1} << n.agent;
      const uint64_t freshAgents = n.enabled & ~n.doneAgents;
      if (freshAgents == 0) {
        path_.pop_back();
        continue;
      }
      n.agent = __builtin_ctzll(freshAgents);
      n.variants = 1;
      n.doneVariants = 0;
      n.variant = protocol::kAnyVariant;
    }
    next_.clear();
    for (const Node &p : path_)
      next_.push_back(PlanEntry{static_cast<uint16_t>(p.agent), p.variant, 0});
    return true;
  }
  return false;
}

} // namespace lockstep::checker
