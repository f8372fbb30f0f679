// The common part of the strategies that choose the agent at every step (pct, random). The
// runtime follows a plan and then its own default policy (the running agent continues while
// enabled, else the lowest enabled one), and the enabled sets are only known once a step ran.
// So one schedule is built over several executions: run the plan, walk the resulting steps
// past it, and at the first step where the strategy's choice differs from what the default
// policy did, extend the plan with that choice and run again ("probe" executions). The
// schedule is complete when an execution agrees with the strategy to its end. The choice
// function must be deterministic given the walk's seed, the step index and what came before,
// so that the same seed gives the same runs.
#pragma once

#include "strategy/strategy.h"

namespace lockstep::checker {

class StepwiseStrategy : public Strategy {
public:
  explicit StepwiseStrategy(uint64_t seed) : seed_(seed) {}

  std::optional<Plan> nextPlan() override {
    if (!walkStarted_) {
      walkStarted_ = true;
      plan_.clear();
      startWalk(walk_);
    }
    return plan_;
  }
  void onExecution(const Plan &plan, const Execution &execution) override;
  bool exhaustive() const override { return false; }
  bool lastWasProbe() const override { return probe_; }
  bool randomized() const override { return true; }
  std::optional<uint64_t> seed() const override { return seed_; }

protected:
  // A new schedule (walk number `walk`) begins.
  virtual void startWalk(uint64_t walk) = 0;
  // The agent to run at step `index`, given the agents enabled there and the previous agent;
  // `observe` then learns what ran.
  virtual int choose(size_t index, uint64_t enabled, int previous) = 0;
  virtual void observe(size_t index, int agent) = 0;

  // splitmix64: the deterministic source every randomized choice draws from.
  static uint64_t mix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }
  uint64_t draw(uint64_t walk, uint64_t what) const { return mix(mix(seed_ ^ mix(walk)) ^ what); }

  uint64_t seed_;

private:
  Plan plan_;
  uint64_t walk_ = 0;
  bool walkStarted_ = false;
  bool probe_ = false;
};

// pct: Burckhardt, Kothari, Musuvathi, Nagarakatte, "A Randomized Scheduler with Probabilistic
// Guarantees of Finding Bugs", ASPLOS 2010. Agents get distinct random priorities d..d+n when
// they first appear; d-1 change points are drawn among the first k steps (k: the longest
// execution seen, at first 100); the highest-priority enabled agent runs; at the i-th change
// point the running agent's priority drops to i. A bug of depth d is found with probability at
// least 1/(n k^(d-1)) per execution.
class PctStrategy : public StepwiseStrategy {
public:
  PctStrategy(uint64_t seed, int depth) : StepwiseStrategy(seed), depth_(depth) {}
  std::string name() const override { return "pct"; }
  nlohmann::json parameters() const override { return {{"seed", seed_}, {"pct_depth", depth_}}; }
  void onExecution(const Plan &plan, const Execution &execution) override;

protected:
  void startWalk(uint64_t walk) override;
  int choose(size_t index, uint64_t enabled, int previous) override;
  void observe(size_t index, int agent) override;

private:
  int depth_;
  uint64_t walk_ = 0;
  size_t horizon_ = 100;
  std::vector<size_t> changePoints_;
  int64_t priority_[protocol::kMaxAgents] = {};
  bool assigned_[protocol::kMaxAgents] = {};
};

// random: a seeded random walk, each step's agent drawn uniformly among the enabled ones.
class RandomStrategy : public StepwiseStrategy {
public:
  explicit RandomStrategy(uint64_t seed) : StepwiseStrategy(seed) {}
  std::string name() const override { return "random"; }
  nlohmann::json parameters() const override { return {{"seed", seed_}}; }

protected:
  void startWalk(uint64_t walk) override { walk_ = walk; }
  int choose(size_t index, uint64_t enabled, int previous) override;
  void observe(size_t /*index*/, int /*agent*/) override {}

private:
  uint64_t walk_ = 0;
};

} // namespace lockstep::checker
