// Depth-first search over every interleaving of visible operations (and every outcome of an
// operation that has several): the exhaustive baseline the other strategies are checked
// against.
//
// The search keeps the current path as a stack of nodes, one per step: the agents enabled
// there, the agent and outcome chosen, and what has been tried. After each execution the path
// is extended with the steps the default policy took; then the deepest node with an untried
// alternative (first another outcome of the same operation, then another enabled agent, lowest
// number first) becomes the end of the next plan.
#pragma once

#include "strategy/path_strategy.h"

namespace lockstep::checker {

class DfsStrategy : public PathStrategy {
public:
  // preemptionBound < 0: none. With a bound K, an agent switch away from an agent that is still
  // enabled is a preemption, and paths with more than K are not explored.
  explicit DfsStrategy(int preemptionBound = -1) : PathStrategy(preemptionBound) {}

  void onExecution(const Plan &plan, const Execution &execution) override;
  std::string name() const override { return "dfs"; }

private:
  struct Node {
    uint64_t enabled = 0;
    uint64_t doneAgents = 0; // agents whose every outcome was explored from here
    int agent = 0;
    uint8_t variants = 1;     // outcomes of the chosen agent's operation here
    uint8_t doneVariants = 0; // outcomes of the chosen agent tried
    uint8_t variant = 0;
    int preemptions = 0; // of the path up to and including this node
  };

  int preemptionsIf(size_t node, int agent) const;

  bool backtrack();

  std::vector<Node> path_;
};

} // namespace lockstep::checker
