// Source-DPOR with sleep sets (Abdulla, Aronis, Jonsson, Sagonas: "Optimal Dynamic Partial Order
// Reduction", POPL 2014, Algorithm 1): explores at least one execution of every Mazurkiewicz
// trace of the program, under the dependence relation of the models (models/dependence.h),
// instead of every interleaving.
//
// Overview. The strategy keeps the current path: one node per step with the agents enabled
// there, the agent (and outcome) chosen, the backtrack set (agents still to explore from here),
// the done set (agents explored from here) and the sleep set on entry (agents whose next step
// was explored from an ancestor and commutes with everything since, with that step). After each
// execution:
//   1. the steps past the plan become new nodes; their sleep sets are propagated along the path;
//      when the runtime's default policy ran an agent that is asleep, the execution is redundant
//      from there: the path is cut and an awake enabled agent is put in the backtrack set;
//   2. happens-before is computed with vector clocks over the steps (program order + dependence);
//   3. every race (e, e') with e' new is reversed in the Source-DPOR way: v = notdep(e).e', and
//      unless an initial of v is already in backtrack(pre(e)) one is added. Blocking: a race
//      whose reversal is not enabled at pre(e) (the lock after the unlock it waited for, the
//      sem_wait after the post, the wait after the child's exit) is not co-enabled: it is not a
//      race, and the earlier dependent steps it hides (the previous lock) are examined instead;
//   4. the deepest node with an untried outcome of its agent, or an agent in backtrack \ (done ∪
//      sleep), gives the next plan.
// Outcomes (variants) of one operation are local choices: all of an agent's outcomes are tried
// at a node before the agent counts as done there.
#pragma once

#include "lockstep/models/dependence.h"
#include "strategy/strategy.h"

namespace lockstep::checker {

class DporStrategy : public Strategy {
public:
  // preemptionBound < 0: none. With a bound, choices that would exceed it are not explored
  // (boundReached() says so).
  explicit DporStrategy(int preemptionBound = -1) : bound_(preemptionBound) {}

  std::optional<Plan> nextPlan() override;
  void onExecution(const Plan &plan, const Execution &execution) override;
  bool exhaustive() const override { return exhausted_ && !pruned_; }
  std::string name() const override { return "dpor"; }
  nlohmann::json parameters() const override;
  uint64_t blockedExecutions() const override { return blocked_; }
  std::string boundReached() const override { return pruned_ ? "preemption-bound" : ""; }
  double remainingEstimate() const override;
  bool pruned() const { return pruned_; }

private:
  struct Sleeper {
    int agent;
    models::Event event;
  };
  struct Node {
    uint64_t enabled = 0;
    uint64_t backtrack = 0;
    uint64_t done = 0;
    std::vector<Sleeper> sleep;    // asleep on entry
    std::vector<Sleeper> explored; // agents done here, with the step each took
    int agent = -1;                // -1: nothing being explored (the path was cut here)
    uint8_t variants = 1;
    uint8_t doneVariants = 0;
    uint8_t variant = 0;
    models::Event event;
    int preemptions = 0; // preemptions of the path up to and including this node
  };

  void extendPath(size_t planned, const Execution &e);
  void analyseRaces(size_t from, const Execution &e);
  bool backtrack();
  void appendSleepers(const Node &last);
  std::vector<Sleeper> sleepAfter(size_t node, const models::DependenceContext &c) const;
  int preemptionsIf(size_t node, int agent) const;
  bool withinBound(size_t node, int agent) const;

  int bound_;
  std::vector<Node> path_;
  std::vector<models::Event> events_; // the last execution's steps, as events
  Plan next_;
  bool started_ = false;
  bool exhausted_ = false;
  bool pruned_ = false;
  uint64_t blocked_ = 0;
  uint64_t executions_ = 0;
  double estimateSum_ = 0; // Knuth's estimator of the number of leaves, summed over executions
};

} // namespace lockstep::checker
