// Dynamic partial order reduction: Optimal-DPOR with wakeup trees (Abdulla, Aronis, Jonsson,
// Sagonas: "Optimal Dynamic Partial Order Reduction", POPL 2014, Algorithm 2; "Source Sets: A
// Foundation for Optimal Dynamic Partial Order Reduction", JACM 2017). It explores one execution
// per Mazurkiewicz trace of the program, under the dependence relation of the models
// (models/dependence.h), instead of every interleaving. With a preemption bound it falls back to
// Source-DPOR (Algorithm 1 of the same paper), whose single-step backtrack points the bound can
// prune one by one.
//
// Overview. The strategy keeps the current path: one node per step with the agents enabled
// there, the agent (and outcome) chosen, the sleep set on entry (agents whose next step was
// explored from an ancestor and commutes with everything since, with that step), the agents
// already explored from the node (with their step), and the node's wakeup tree: the sequences
// still to explore from it, leftmost first. After each execution:
//   1. the steps become path nodes (the planned ones are checked against what ran); sleep sets
//      are propagated along the path; when the runtime's default policy ran an agent asleep
//      there, the execution is redundant from there and the path is cut;
//   2. happens-before is computed with vector clocks over the steps (program order + dependence);
//   3. every race (e, e') with e' new is reversed: v = notdep(e).e' is inserted into the wakeup
//      tree of pre(e) unless a sleeping agent is a weak initial of v (then an equivalent
//      execution was already explored). Blocking: a race whose reversal is not enabled at
//      pre(e) (the lock after the unlock it waited for, the wait after the child's exit) is not
//      co-enabled, and the earlier dependent steps it hides are examined instead. An execution
//      that a bug cut short adds the operations its parked agents were about to perform as the
//      last steps of the races;
//   4. the deepest node with an untried outcome of its agent, or a wakeup tree that is not
//      empty, gives the next plan: the path up to it, then the leftmost branch of its tree (as
//      soft plan entries, see control_block.h).
// Outcomes (variants) of one operation are local choices: all of an agent's outcomes are tried
// at a node before the agent counts as explored there.
#pragma once

#include "lockstep/models/dependence.h"
#include "strategy/path_strategy.h"

namespace lockstep::checker {

class DporStrategy : public PathStrategy {
public:
  // preemptionBound < 0: none (Optimal-DPOR). With a bound, Source-DPOR, and choices that would
  // exceed the bound are not explored (boundReached() says so).
  explicit DporStrategy(int preemptionBound = -1) : PathStrategy(preemptionBound) {}

  void onExecution(const Plan &plan, const Execution &execution) override;
  std::string name() const override { return "dpor"; }
  nlohmann::json parameters() const override;
  uint64_t blockedExecutions() const override { return blocked_; }
  double remainingEstimate() const override;

private:
  struct Sleeper {
    int agent;
    models::Event event;
  };
  // A wakeup tree: each branch is an agent's next step, then the tree of what follows it.
  // `known` is false for a branch added when a path was cut, whose step was not observed.
  struct WakeupBranch {
    int agent = -1;
    models::Event event;
    bool known = true;
    std::vector<WakeupBranch> children;
  };
  struct Node {
    uint64_t enabled = 0;
    uint64_t done = 0;                // agents explored from here
    std::vector<Sleeper> sleep;       // asleep on entry
    std::vector<Sleeper> explored;    // agents done here, with the step each took
    std::vector<WakeupBranch> wakeup; // still to explore from here, leftmost first
    int agent = -1;                   // -1: nothing being explored (the path was cut here)
    uint8_t variants = 1;
    uint8_t doneVariants = 0;
    uint8_t variant = 0;
    models::Event event;
    int preemptions = 0; // preemptions of the path up to and including this node
  };
  struct HappensBefore; // over the executed prefix of the path (dpor_strategy.cpp)

  bool optimal() const { return bound_ < 0; }
  void extendPath(size_t planned, const Execution &e);
  void analyseRaces(size_t from, const Execution &e);
  void reverseRaces(const HappensBefore &hb, size_t j, const models::Event &next,
                    const std::vector<uint32_t> &nextClock, int prev,
                    const models::DependenceContext &c);
  void insertWakeup(size_t node, std::vector<models::Event> v, const models::DependenceContext &c);
  bool backtrack();
  void planBranch(size_t node, WakeupBranch branch);
  void appendSleepers(size_t node);
  std::vector<Sleeper> sleepAfter(size_t node, const models::DependenceContext &c) const;
  int preemptionsIf(size_t node, int agent) const;
  bool withinBound(size_t node, int agent) const;

  std::vector<Node> path_;
  std::vector<models::Event> events_; // the last execution's steps, as events
  models::DependenceContext context_; // of the last execution (valid while it is analysed)
  std::vector<int32_t> agentProcess_; // what context_ points to, kept for planning
  std::vector<int32_t> processParent_;
  size_t branchStart_ = 0; // the first node of the plan that was not explored before
  uint64_t blocked_ = 0;
  uint64_t executions_ = 0;
  double estimateSum_ = 0; // Knuth's estimator of the number of leaves, summed over executions
};

} // namespace lockstep::checker
