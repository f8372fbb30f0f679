// DfsStrategy (checker/strategy/dfs_strategy.*) driven by synthetic executions. The test
// simulates tiny programs itself: a scheduler that follows the plan and then the runtime's
// default policy (runtime/src/scheduler.cpp: keep running the previous agent while it is
// enabled, else the lowest enabled agent; the lowest enabled variant), so the strategy sees
// exactly the Executions the real engine would give it. Plans are asserted exactly, and the set
// of explored executions is compared with a brute-force enumeration of every maximal schedule.
#include "strategy/dfs_strategy.h"

#include "lockstep/models/family_models.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>

namespace lockstep::checker {
namespace {

using protocol::kAnyVariant;
using Choice = std::pair<int, int>; // agent, variant
using Choices = std::vector<Choice>;

// A program as the scheduler sees it: agents with a next operation that has a set of enabled
// outcomes (0: blocked or finished).
class SimProgram {
public:
  virtual ~SimProgram() = default;
  virtual int agentCount() const = 0;
  virtual uint8_t variants(int agent) const = 0;
  virtual bool done(int agent) const = 0;
  virtual OpKind op(int agent) const = 0;
  virtual int64_t perform(int agent, uint8_t variant) = 0;
};
using Factory = std::function<std::unique_ptr<SimProgram>()>;

// Agents that each run a fixed list of steps, always enabled; a step's entry is its mask of
// outcomes (1: one outcome; 0b11: two).
class ScriptProgram : public SimProgram {
public:
  explicit ScriptProgram(std::vector<std::vector<uint8_t>> scripts)
      : scripts_(std::move(scripts)), position_(scripts_.size(), 0) {}
  int agentCount() const override { return static_cast<int>(scripts_.size()); }
  bool done(int agent) const override { return position_[agent] >= scripts_[agent].size(); }
  uint8_t variants(int agent) const override {
    return done(agent) ? 0 : scripts_[agent][position_[agent]];
  }
  OpKind op(int /*agent*/) const override { return OpKind::thread_yield; }
  int64_t perform(int agent, uint8_t variant) override {
    ++position_[agent];
    return variant;
  }

private:
  std::vector<std::vector<uint8_t>> scripts_;
  std::vector<size_t> position_;
};

// Agents (one process each) that run lists of real operations against the real models.
class ModelProgram : public SimProgram {
public:
  struct Op {
    OpKind kind;
    uint32_t object;
  };
  // objects: the family of each object; semaphores start at the given values.
  ModelProgram(std::vector<std::vector<Op>> scripts, std::vector<protocol::ObjectFamily> objects,
               std::vector<int64_t> semValues = {})
      : scripts_(std::move(scripts)), position_(scripts_.size(), 0) {
    for (size_t i = 0; i < scripts_.size(); ++i) {
      const int process = models::createProcess(cb_, i == 0 ? -1 : 0);
      models::createAgent(cb_, process, protocol::AgentState::Running);
    }
    for (size_t i = 0; i < objects.size(); ++i) {
      protocol::ObjectRecord &o = cb_.objects[cb_.objectCount++];
      o.family = objects[i];
      o.flags = protocol::kObjectShared | protocol::kObjectPshared | protocol::kObjectInitialised;
      if (o.family == protocol::ObjectFamily::Mutex)
        o.mutex.owner = -1;
      else
        o.sem.value = i < semValues.size() ? semValues[i] : 0;
    }
    for (int a = 0; a < agentCount(); ++a)
      parkNext(a);
  }
  int agentCount() const override { return static_cast<int>(scripts_.size()); }
  bool done(int agent) const override { return position_[agent] >= scripts_[agent].size(); }
  uint8_t variants(int agent) const override { return models::enabledVariants(cb_, agent); }
  OpKind op(int agent) const override { return cb_.agents[agent].pending.kind; }
  int64_t perform(int agent, uint8_t variant) override {
    ++cb_.stepCount;
    const models::Outcome outcome = models::apply(cb_, agent, variant);
    EXPECT_EQ(outcome.bug, protocol::VerdictKind::None) << cb_.verdict.message;
    ++position_[agent];
    parkNext(agent);
    return outcome.result;
  }

private:
  void parkNext(int agent) {
    protocol::AgentRecord &a = cb_.agents[agent];
    if (done(agent)) {
      models::retireAgent(cb_, agent);
      return;
    }
    const Op &op = scripts_[agent][position_[agent]];
    a.pending = protocol::PendingOp{};
    a.pending.kind = op.kind;
    a.pending.object = op.object;
    a.pending.target = -1;
    a.state = protocol::AgentState::Parked;
  }

  std::unique_ptr<protocol::ControlBlock> block_ = std::make_unique<protocol::ControlBlock>();
  protocol::ControlBlock &cb_ = *block_;
  std::vector<std::vector<Op>> scripts_;
  std::vector<size_t> position_;
};

int lowestBit(uint64_t mask) { return __builtin_ctzll(mask); }

Bug bugOf(const char *kind, size_t step) {
  Bug bug;
  bug.kind = kind;
  bug.step = step;
  return bug;
}

// One execution: the plan, then the default policy, until no agent is enabled.
Execution simulate(SimProgram &program, const Plan &plan) {
  Execution e;
  int previous = -1;
  for (size_t step = 0;; ++step) {
    uint64_t enabled = 0;
    std::vector<uint8_t> variantsOf(program.agentCount());
    for (int i = 0; i < program.agentCount(); ++i) {
      variantsOf[i] = program.variants(i);
      if (variantsOf[i] != 0)
        enabled |= uint64_t{1} << i;
    }
    if (enabled == 0) {
      e.finished = true;
      for (int i = 0; i < program.agentCount(); ++i) {
        if (!program.done(i)) {
          e.finished = false;
          e.bug = bugOf("deadlock", step);
        }
      }
      return e;
    }
    int agent = -1;
    uint8_t variant = kAnyVariant;
    if (step < plan.size()) {
      agent = plan[step].agent;
      variant = plan[step].variant;
      const bool agentOk = agent < program.agentCount() && (enabled & (uint64_t{1} << agent)) != 0;
      const bool variantOk = variant == kAnyVariant ||
                             (variant < 8 && agentOk && (variantsOf[agent] & (1U << variant)) != 0);
      if (!agentOk || !variantOk) {
        ADD_FAILURE() << "the plan diverges at step " << step + 1;
        e.bug = bugOf("divergence", step);
        return e;
      }
    } else if (previous >= 0 && (enabled & (uint64_t{1} << previous)) != 0) {
      agent = previous;
    } else {
      agent = lowestBit(enabled);
    }
    if (variant == kAnyVariant)
      variant = static_cast<uint8_t>(lowestBit(variantsOf[agent]));
    Step s;
    s.agent = agent;
    s.variant = variant;
    s.variants = variantsOf[agent];
    s.op = program.op(agent);
    s.enabled = enabled;
    s.result = program.perform(agent, variant);
    e.steps.push_back(s);
    previous = agent;
  }
}

Choices runOf(const Execution &e) {
  Choices run;
  for (const Step &s : e.steps)
    run.emplace_back(s.agent, s.variant);
  return run;
}

Choices entries(const Plan &plan) {
  Choices out;
  for (const protocol::PlanEntry &p : plan)
    out.emplace_back(p.agent, p.variant);
  return out;
}

struct Explored {
  std::vector<Choices> plans;
  std::vector<Execution> executions;
  std::vector<Choices> runs;
};

Explored explore(const Factory &factory, size_t limit = 100000) {
  DfsStrategy dfs;
  Explored out;
  EXPECT_FALSE(dfs.exhaustive());
  while (std::optional<Plan> plan = dfs.nextPlan()) {
    if (out.executions.size() >= limit) {
      ADD_FAILURE() << "more than " << limit << " executions";
      break;
    }
    auto program = factory();
    Execution e = simulate(*program, *plan);
    dfs.onExecution(*plan, e);
    out.plans.push_back(entries(*plan));
    out.runs.push_back(runOf(e));
    out.executions.push_back(std::move(e));
  }
  EXPECT_TRUE(dfs.exhaustive());
  EXPECT_FALSE(dfs.nextPlan().has_value()) << "stays exhausted";
  return out;
}

// Every maximal schedule (agent and variant at each step), by brute force.
void enumerate(const Factory &factory, Choices &prefix, std::set<Choices> &out) {
  auto program = factory();
  for (const Choice &c : prefix)
    program->perform(c.first, static_cast<uint8_t>(c.second));
  bool any = false;
  for (int a = 0; a < program->agentCount(); ++a) {
    const uint8_t mask = program->variants(a);
    for (int v = 0; v < 8; ++v) {
      if ((mask & (1U << v)) == 0)
        continue;
      any = true;
      prefix.emplace_back(a, v);
      enumerate(factory, prefix, out);
      prefix.pop_back();
    }
  }
  if (!any)
    out.insert(prefix);
}

std::set<Choices> allRuns(const Factory &factory) {
  std::set<Choices> out;
  Choices prefix;
  enumerate(factory, prefix, out);
  return out;
}

void expectMatchesBruteForce(const Factory &factory, const Explored &explored) {
  const std::set<Choices> expected = allRuns(factory);
  const std::set<Choices> seen(explored.runs.begin(), explored.runs.end());
  EXPECT_EQ(seen.size(), explored.runs.size()) << "an execution was explored twice";
  EXPECT_EQ(seen, expected);
}

constexpr int kAny = kAnyVariant;

Factory scripts(std::vector<std::vector<uint8_t>> s) {
  return [s] { return std::make_unique<ScriptProgram>(s); };
}

TEST(DfsStrategyTest, NameAndFirstPlanIsEmpty) {
  DfsStrategy dfs;
  EXPECT_EQ(dfs.name(), "dfs");
  const std::optional<Plan> first = dfs.nextPlan();
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->empty());
}

TEST(DfsStrategyTest, SingleAgentHasOneExecution) {
  const Explored e = explore(scripts({{1, 1, 1}}));
  EXPECT_EQ(e.plans, (std::vector<Choices>{{}}));
  EXPECT_EQ(e.runs, (std::vector<Choices>{{{0, 0}, {0, 0}, {0, 0}}}));
}

// Two agents A (0) and B (1) with two steps each, always enabled: C(4,2) = 6 interleavings,
// visited in this order (the default policy keeps running the agent that ran last):
//
//   1. A A B B   plan []
//   2. A B B A   plan [A, B*]          (* = any variant: the lowest enabled)
//   3. A B A B   plan [A, B, A*]
//   4. B B A A   plan [B*]
//   5. B A A B   plan [B, A*]
//   6. B A B A   plan [B, A, B*]
TEST(DfsStrategyTest, TwoAgentsTwoStepsExploreSixInterleavingsInOrder) {
  const Factory factory = scripts({{1, 1}, {1, 1}});
  const Explored e = explore(factory);
  EXPECT_EQ(e.plans, (std::vector<Choices>{{},
                                           {{0, 0}, {1, kAny}},
                                           {{0, 0}, {1, 0}, {0, kAny}},
                                           {{1, kAny}},
                                           {{1, 0}, {0, kAny}},
                                           {{1, 0}, {0, 0}, {1, kAny}}}));
  EXPECT_EQ(e.runs, (std::vector<Choices>{{{0, 0}, {0, 0}, {1, 0}, {1, 0}},
                                          {{0, 0}, {1, 0}, {1, 0}, {0, 0}},
                                          {{0, 0}, {1, 0}, {0, 0}, {1, 0}},
                                          {{1, 0}, {1, 0}, {0, 0}, {0, 0}},
                                          {{1, 0}, {0, 0}, {0, 0}, {1, 0}},
                                          {{1, 0}, {0, 0}, {1, 0}, {0, 0}}}));
  for (const Execution &x : e.executions)
    EXPECT_TRUE(x.finished);
  expectMatchesBruteForce(factory, e);
}

TEST(DfsStrategyTest, InterleavingCountsMatchTheMultinomial) {
  // (a+b+c)! / (a! b! c!)
  EXPECT_EQ(explore(scripts({{1, 1}, {1, 1, 1}})).executions.size(), 10U);
  EXPECT_EQ(explore(scripts({{1, 1, 1}, {1, 1, 1}})).executions.size(), 20U);
  const Factory three = scripts({{1, 1}, {1, 1}, {1, 1}});
  const Explored e = explore(three);
  EXPECT_EQ(e.executions.size(), 90U);
  expectMatchesBruteForce(three, e);
}

// One operation with two outcomes: both are explored, the second by naming it in the plan.
TEST(DfsStrategyTest, OperationWithTwoOutcomesIsExploredBothWays) {
  const Explored e = explore(scripts({{0b11}}));
  EXPECT_EQ(e.plans, (std::vector<Choices>{{}, {{0, 1}}}));
  EXPECT_EQ(e.runs, (std::vector<Choices>{{{0, 0}}, {{0, 1}}}));
  EXPECT_EQ(e.executions[1].steps[0].result, 1);
}

TEST(DfsStrategyTest, NonContiguousOutcomesAreExplored) {
  const Explored e = explore(scripts({{0b101}}));
  EXPECT_EQ(e.plans, (std::vector<Choices>{{}, {{0, 2}}}));
}

// A (two outcomes, then done) and B (one step):
//
//   1. A/0 B    plan []
//   2. A/1 B    plan [A/1]
//   3. B A/0    plan [B*]
//   4. B A/1    plan [B, A/1]
TEST(DfsStrategyTest, OutcomesAndInterleavingsCombine) {
  const Factory factory = scripts({{0b11}, {1}});
  const Explored e = explore(factory);
  EXPECT_EQ(e.plans, (std::vector<Choices>{{}, {{0, 1}}, {{1, kAny}}, {{1, 0}, {0, 1}}}));
  EXPECT_EQ(e.runs, (std::vector<Choices>{
                        {{0, 0}, {1, 0}}, {{0, 1}, {1, 0}}, {{1, 0}, {0, 0}}, {{1, 0}, {0, 1}}}));
  expectMatchesBruteForce(factory, e);
}

TEST(DfsStrategyTest, ManyOutcomesAtManySteps) {
  const Factory factory = scripts({{0b11, 1}, {0b111}});
  const Explored e = explore(factory);
  // 3 interleavings of (A A) with (B), times 2 x 3 outcomes.
  EXPECT_EQ(e.executions.size(), 18U);
  expectMatchesBruteForce(factory, e);
}

using ModelOp = ModelProgram::Op;
using protocol::ObjectFamily;

// Two processes lock and unlock one mutex: the critical sections cannot interleave, so only
// the order of the two sections varies.
//
//   1. P0 lock, P0 unlock, P1 lock, P1 unlock
//   2. P1 lock, P1 unlock, P0 lock, P0 unlock   plan [P1*]
TEST(DfsStrategyTest, MutexCriticalSectionsGiveTwoExecutions) {
  const Factory factory = [] {
    return std::make_unique<ModelProgram>(
        std::vector<std::vector<ModelOp>>{{{OpKind::mutex_lock, 0}, {OpKind::mutex_unlock, 0}},
                                          {{OpKind::mutex_lock, 0}, {OpKind::mutex_unlock, 0}}},
        std::vector<ObjectFamily>{ObjectFamily::Mutex});
  };
  const Explored e = explore(factory);
  EXPECT_EQ(e.plans, (std::vector<Choices>{{}, {{1, kAny}}}));
  EXPECT_EQ(e.runs, (std::vector<Choices>{{{0, 0}, {0, 0}, {1, 0}, {1, 0}},
                                          {{1, 0}, {1, 0}, {0, 0}, {0, 0}}}));
  // While P0 holds the mutex only P0 is enabled.
  EXPECT_EQ(e.executions[0].steps[1].enabled, 0b01U);
  EXPECT_EQ(e.executions[0].steps[1].op, OpKind::mutex_unlock);
  expectMatchesBruteForce(factory, e);
}

// Lock-order inversion: P0 locks m0 then m1, P1 locks m1 then m0. Exactly the two executions
// where each takes its first mutex before the other takes its second deadlock.
//
//   P0: lock m0  lock m1  unlock m1  unlock m0
//   P1: lock m1  lock m0  unlock m0  unlock m1
TEST(DfsStrategyTest, LockOrderInversionDeadlocksInExactlyTwoExecutions) {
  const Factory factory = [] {
    return std::make_unique<ModelProgram>(
        std::vector<std::vector<ModelOp>>{{{OpKind::mutex_lock, 0},
                                           {OpKind::mutex_lock, 1},
                                           {OpKind::mutex_unlock, 1},
                                           {OpKind::mutex_unlock, 0}},
                                          {{OpKind::mutex_lock, 1},
                                           {OpKind::mutex_lock, 0},
                                           {OpKind::mutex_unlock, 0},
                                           {OpKind::mutex_unlock, 1}}},
        std::vector<ObjectFamily>{ObjectFamily::Mutex, ObjectFamily::Mutex});
  };
  const Explored e = explore(factory);
  std::vector<Choices> deadlocks;
  for (size_t i = 0; i < e.executions.size(); ++i) {
    if (e.executions[i].bug)
      deadlocks.push_back(e.runs[i]);
  }
  EXPECT_EQ(deadlocks, (std::vector<Choices>{{{0, 0}, {1, 0}}, {{1, 0}, {0, 0}}}));
  // From P0 lock m0: P1 deadlocks it, or P0 takes m1, releases it, and then either releases
  // m0 or lets P1 take m1 first: 3 executions; symmetrically 3 from P1 lock m1.
  EXPECT_EQ(e.executions.size(), 6U);
  expectMatchesBruteForce(factory, e);
}

// P0 sem_timedwait on a semaphore at 0; P1 sem_post. The timed wait times out when it runs
// first and acquires when it runs after the post: its outcome follows the interleaving.
//
//   1. P0 timedwait (timeout), P1 post     plan []
//   2. P1 post, P0 timedwait (acquire)     plan [P1*]
TEST(DfsStrategyTest, TimedWaitOutcomeFollowsTheInterleaving) {
  const Factory factory = [] {
    return std::make_unique<ModelProgram>(
        std::vector<std::vector<ModelOp>>{{{OpKind::sem_timedwait, 0}}, {{OpKind::sem_post, 0}}},
        std::vector<ObjectFamily>{ObjectFamily::Semaphore}, std::vector<int64_t>{0});
  };
  const Explored e = explore(factory);
  EXPECT_EQ(e.plans, (std::vector<Choices>{{}, {{1, kAny}}}));
  EXPECT_EQ(e.runs, (std::vector<Choices>{{{0, models::kVariantTimeout}, {1, 0}},
                                          {{1, 0}, {0, models::kVariantAcquire}}}));
  EXPECT_EQ(e.executions[0].steps[0].result, -ETIMEDOUT);
  EXPECT_EQ(e.executions[1].steps[1].result, 0);
  expectMatchesBruteForce(factory, e);
}

// P0 sem_wait on a semaphore at 0 and nobody posts: one execution, deadlocked at once.
TEST(DfsStrategyTest, BlockedProgramHasOneExecution) {
  const Factory factory = [] {
    return std::make_unique<ModelProgram>(
        std::vector<std::vector<ModelOp>>{{{OpKind::sem_wait, 0}}, {{OpKind::sem_trywait, 0}}},
        std::vector<ObjectFamily>{ObjectFamily::Semaphore}, std::vector<int64_t>{0});
  };
  const Explored e = explore(factory);
  ASSERT_EQ(e.executions.size(), 1U);
  EXPECT_TRUE(e.executions[0].bug.has_value());
  EXPECT_EQ(e.runs[0], (Choices{{1, 0}}));
  EXPECT_EQ(e.executions[0].steps[0].result, -EAGAIN);
}

} // namespace
} // namespace lockstep::checker
