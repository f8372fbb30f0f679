// Depth-first exploration (see dfs_strategy.h).
#include "strategy/dfs_strategy.h"

#include "lockstep/models/check.h"

namespace lockstep::checker {

using protocol::PlanEntry;

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
    path_.back().preemptions = preemptionsIf(i, s.agent);
  }
  exhausted_ = !backtrack();
}

int DfsStrategy::preemptionsIf(size_t node, int agent) const {
  if (node == 0)
    return 0;
  const Node &prev = path_[node - 1];
  const bool preempts =
      (path_[node].enabled & (uint64_t{1} << prev.agent)) != 0 && agent != prev.agent;
  return prev.preemptions + (preempts ? 1 : 0);
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
      uint64_t freshAgents = n.enabled & ~n.doneAgents;
      const size_t k = path_.size() - 1;
      while (freshAgents != 0 && bound_ >= 0 &&
             preemptionsIf(k, __builtin_ctzll(freshAgents)) > bound_) {
        pruned_ = true;
        n.doneAgents |= uint64_t{1} << __builtin_ctzll(freshAgents);
        freshAgents &= freshAgents - 1;
      }
      if (freshAgents == 0) {
        path_.pop_back();
        continue;
      }
      n.agent = __builtin_ctzll(freshAgents);
      n.preemptions = preemptionsIf(k, n.agent);
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
