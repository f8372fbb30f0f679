// Optimal-DPOR with wakeup trees, and Source-DPOR under a preemption bound (see
// dpor_strategy.h for the overview and the papers).
#include "strategy/dpor_strategy.h"

#include "lockstep/models/check.h"

#include <algorithm>

namespace lockstep::checker {

using models::DependenceContext;
using models::Event;
using protocol::PlanEntry;

namespace {

uint64_t bit(int agent) { return agent >= 0 ? uint64_t{1} << agent : 0; }

Event eventOf(const Step &s) { return Event{s.agent, s.op, s.object, s.target, s.flags}; }

int lowest(uint64_t mask) { return mask == 0 ? -1 : __builtin_ctzll(mask); }

// Is `agent`, whose next step is *step (nullptr: unknown), a weak initial of the sequence v after
// the same prefix? That is: its first step in v comes after no step of v it depends on, or it
// has no step in v and its next step commutes with all of v (JACM 2017, Definition 6.1).
bool weakInitial(int agent, const Event *step, const std::vector<Event> &v,
                 const DependenceContext &c) {
  for (size_t k = 0; k < v.size(); ++k) {
    if (v[k].agent != agent)
      continue;
    for (size_t i = 0; i < k; ++i) {
      if (models::dependent(v[i], v[k], c))
        return false;
    }
    return true;
  }
  if (step == nullptr)
    return false;
  return std::none_of(v.begin(), v.end(),
                      [&](const Event &e) { return models::dependent(*step, e, c); });
}

// v without the first step of `agent` (when it has one).
void removeFirstOf(int agent, std::vector<Event> &v) {
  const auto it =
      std::find_if(v.begin(), v.end(), [&](const Event &e) { return e.agent == agent; });
  if (it != v.end())
    v.erase(it);
}

} // namespace

nlohmann::json DporStrategy::parameters() const {
  nlohmann::json p = {{"algorithm", optimal() ? "optimal-dpor" : "source-dpor+sleep-sets"}};
  if (bound_ >= 0)
    p["preemption_bound"] = bound_;
  return p;
}

int DporStrategy::preemptionsIf(size_t node, int agent) const {
  if (node == 0)
    return 0;
  const Node &prev = path_[node - 1];
  const bool preempts =
      (path_[node].enabled & bit(prev.event.agent)) != 0 && agent != prev.event.agent;
  return prev.preemptions + (preempts ? 1 : 0);
}

bool DporStrategy::withinBound(size_t node, int agent) const {
  return bound_ < 0 || preemptionsIf(node, agent) <= bound_;
}

std::vector<DporStrategy::Sleeper> DporStrategy::sleepAfter(size_t node,
                                                            const DependenceContext &c) const {
  const Node &n = path_[node];
  std::vector<Sleeper> out;
  auto keep = [&](const Sleeper &s) {
    if (s.agent != n.event.agent && !models::dependent(s.event, n.event, c))
      out.push_back(s);
  };
  for (const Sleeper &s : n.sleep)
    keep(s);
  for (const Sleeper &s : n.explored)
    keep(s);
  return out;
}

// Brings the path in line with the execution: the planned nodes from the branch on take the
// steps that ran (a soft entry whose agent could not run ends the branch there), then the steps
// past the plan become new nodes.
void DporStrategy::extendPath(size_t planned, const Execution &e) {
  const DependenceContext &c = context_;
  size_t k = branchStart_;
  for (; k < planned && k < e.steps.size() && k < path_.size(); ++k) {
    Node &n = path_[k];
    const Step &s = e.steps[k];
    if (s.agent != n.agent)
      break;
    if (k > branchStart_) {
      n.enabled = s.enabled;
      n.sleep = sleepAfter(k - 1, c);
    }
    n.variants = s.variants;
    n.variant = s.variant;
    n.doneVariants |= static_cast<uint8_t>(1U << s.variant);
    n.event = eventOf(s);
    n.preemptions = preemptionsIf(k, s.agent);
  }
  path_.resize(k);
  for (; k < e.steps.size(); ++k) {
    const Step &s = e.steps[k];
    Node n;
    n.enabled = s.enabled;
    if (k > 0)
      n.sleep = sleepAfter(k - 1, c);
    uint64_t asleep = 0;
    for (const Sleeper &z : n.sleep)
      asleep |= bit(z.agent);
    path_.push_back(std::move(n));
    Node &node = path_.back();
    if ((asleep & bit(s.agent)) != 0) {
      // The default policy ran an agent whose step here was already explored: the rest of this
      // execution is redundant. Cut the path and explore an awake agent instead, if any.
      ++blocked_;
      const int awake = lowest(s.enabled & ~asleep);
      if (awake >= 0) {
        WakeupBranch b;
        b.agent = awake;
        b.known = false;
        node.wakeup.push_back(std::move(b));
      }
      node.agent = -1;
      return;
    }
    node.agent = s.agent;
    node.variants = s.variants;
    node.variant = s.variant;
    node.doneVariants = static_cast<uint8_t>(1U << s.variant);
    node.event = eventOf(s);
    node.preemptions = preemptionsIf(k, s.agent);
  }
}

// Happens-before over the executed prefix of the path (program order + dependence), by vector
// clocks: clock[k][a] is how many steps of agent a happen before or at step k; local[k] is step
// k's 1-based index among its agent's steps; prevOf[k] the agent's previous step (-1 if none).
struct DporStrategy::HappensBefore {
  std::vector<std::vector<uint32_t>> clock;
  std::vector<uint32_t> local;
  std::vector<int> prevOf;
  std::vector<int> lastOf; // each agent's last step in the prefix

  HappensBefore(const std::vector<Event> &events, size_t n, size_t agents,
                const DependenceContext &c)
      : clock(n, std::vector<uint32_t>(agents, 0)), local(n, 0), prevOf(n, -1), lastOf(agents, -1) {
    std::vector<uint32_t> count(agents, 0);
    for (size_t k = 0; k < n; ++k) {
      const int a = events[k].agent;
      clock[k] = clockOf(events, k, events[k], c);
      local[k] = ++count[a];
      clock[k][a] = local[k];
      prevOf[k] = lastOf[a];
      lastOf[a] = static_cast<int>(k);
    }
  }

  // The clock of `e` placed after the first `k` steps (without e's own entry).
  std::vector<uint32_t> clockOf(const std::vector<Event> &events, size_t k, const Event &e,
                                const DependenceContext &c) const {
    std::vector<uint32_t> ck(lastOf.size(), 0);
    if (lastOf[e.agent] >= 0)
      ck = clock[lastOf[e.agent]];
    for (size_t i = 0; i < k; ++i) {
      if (events[i].agent != e.agent && models::dependent(events[i], e, c))
        for (size_t x = 0; x < ck.size(); ++x)
          ck[x] = std::max(ck[x], clock[i][x]);
    }
    return ck;
  }

  bool before(size_t i, const std::vector<uint32_t> &cv, const std::vector<Event> &events) const {
    return cv[events[i].agent] >= local[i];
  }
};

// Races of the step `next` (the executed step j, or, with j == n, an agent's pending operation
// at the end of an execution cut short) with the earlier steps, reversed with the blocking rule
// of dpor_strategy.h. nextClock is its clock and prev its agent's previous step.
void DporStrategy::reverseRaces(const HappensBefore &hb, size_t j, const Event &next,
                                const std::vector<uint32_t> &nextClock, int prev,
                                const DependenceContext &c) {
  const size_t agents = hb.lastOf.size();
  const int q = next.agent;
  auto clockAt = [&](size_t k) -> const std::vector<uint32_t> & {
    return k == j ? nextClock : hb.clock[k];
  };
  auto localAt = [&](size_t k) {
    return k == j ? (prev >= 0 ? hb.local[prev] : 0) + 1 : hb.local[k];
  };
  std::vector<uint32_t> cover(agents, 0);
  if (prev >= 0)
    cover = hb.clock[prev];
  for (size_t ii = j; ii-- > 0;) {
    const Event &ei = events_[ii];
    if (ei.agent == q || !models::dependent(ei, next, c) || hb.before(ii, cover, events_))
      continue;
    if (models::needs(next, ei, c))
      continue; // not co-enabled: look at the earlier steps it hides
    // v = notdep(e_i).next: the steps after i that do not happen after i, then next. Its
    // initials: agents whose first step in v has no predecessor in v.
    std::vector<Event> v;
    std::vector<int> first(agents, -1);
    for (size_t k = ii + 1; k < j; ++k) {
      if (hb.before(ii, hb.clock[k], events_))
        continue;
      v.push_back(events_[k]);
      if (first[events_[k].agent] < 0)
        first[events_[k].agent] = static_cast<int>(k);
    }
    v.push_back(next);
    if (first[q] < 0)
      first[q] = static_cast<int>(j);
    uint64_t initials = 0;
    for (size_t a = 0; a < agents; ++a) {
      if (first[a] < 0)
        continue;
      const std::vector<uint32_t> &cv = clockAt(static_cast<size_t>(first[a]));
      bool initial = true;
      for (size_t b = 0; b < agents && initial; ++b) {
        if (b == a || first[b] < 0)
          continue;
        if (cv[b] >= localAt(static_cast<size_t>(first[b])))
          initial = false;
      }
      if (initial)
        initials |= bit(static_cast<int>(a));
    }
    Node &node = path_[ii];
    // next's agent did not move between e_i and next, so next was already its next step before
    // e_i. When it was disabled there and no step of v precedes it (it is an initial), only e_i
    // enabled it (enabling is dependence): the race cannot be reversed.
    const bool disabledBefore =
        prev < static_cast<int>(ii) && (node.enabled & bit(q)) == 0 && (initials & bit(q)) != 0;
    if (disabledBefore || (initials & node.enabled) == 0)
      continue; // not co-enabled: look at the earlier steps it hides
    for (size_t x = 0; x < agents; ++x)
      cover[x] = std::max(cover[x], hb.clock[ii][x]);
    if (optimal()) {
      if ((initials & ~node.enabled) == 0) // v can run from pre(e_i)
        insertWakeup(ii, std::move(v), c);
      continue;
    }
    // Source-DPOR: one initial of v in the backtrack set is enough.
    uint64_t planned = node.done | bit(node.agent);
    for (const WakeupBranch &b : node.wakeup)
      planned |= bit(b.agent);
    if ((initials & planned) != 0)
      continue;
    uint64_t asleep = 0;
    for (const Sleeper &z : node.sleep)
      asleep |= bit(z.agent);
    const uint64_t candidates = initials & node.enabled & ~asleep;
    if (candidates == 0)
      continue;
    const int choice = (candidates & bit(q)) != 0 ? q : lowest(candidates);
    if (!withinBound(ii, choice)) {
      pruned_ = true;
      continue;
    }
    WakeupBranch b;
    b.agent = choice;
    b.event = choice == q ? next : events_[static_cast<size_t>(first[choice])];
    node.wakeup.push_back(std::move(b));
  }
}

// Inserts v into the wakeup tree of the node (JACM 2017, Section 6.2), unless a sleeping or
// explored agent is a weak initial of v: an execution equivalent to a completion of v was then
// explored already. Descends along the leftmost branch whose agent is a weak initial of what is
// left of v; a leaf there means such an execution is already planned.
void DporStrategy::insertWakeup(size_t node, std::vector<Event> v, const DependenceContext &c) {
  Node &n = path_[node];
  for (const auto *set : {&n.sleep, &n.explored}) {
    for (const Sleeper &z : *set) {
      if (weakInitial(z.agent, &z.event, v, c))
        return;
    }
  }
  std::vector<WakeupBranch> *forest = &n.wakeup;
  while (!v.empty()) {
    auto match = std::find_if(forest->begin(), forest->end(), [&](const WakeupBranch &b) {
      return weakInitial(b.agent, b.known ? &b.event : nullptr, v, c);
    });
    if (match == forest->end())
      break;
    if (match->children.empty())
      return;
    removeFirstOf(match->agent, v);
    forest = &match->children;
  }
  if (v.empty())
    return;
  // The rest of v becomes the new rightmost branch: a chain of one step per level.
  WakeupBranch chain;
  for (size_t k = v.size(); k-- > 0;) {
    WakeupBranch b;
    b.agent = v[k].agent;
    b.event = v[k];
    if (k + 1 < v.size())
      b.children.push_back(std::move(chain));
    chain = std::move(b);
  }
  forest->push_back(std::move(chain));
}

// Races of the steps from `from` on with earlier steps. An execution that a bug cut short is
// not maximal: the operations its parked agents were about to perform are the first steps of
// the suffix it lacks, so their races are reversed too (without them, a bug that ends the first
// execution early would hide every order of the steps it cut off).
void DporStrategy::analyseRaces(size_t from, const Execution &e) {
  const DependenceContext &c = context_;
  size_t n = 0;
  while (n < path_.size() && path_[n].agent >= 0)
    ++n;
  const HappensBefore hb(events_, n, e.agentNames.size(), c);
  for (size_t j = from; j < n; ++j)
    reverseRaces(hb, j, events_[j], hb.clock[j], hb.prevOf[j], c);
  // The operations an execution never ran although their agents were ready: those of the agents
  // parked when a bug cut it short, and those of agents a kill ended (in any execution).
  const bool cutShort = e.bug.has_value() && n == e.steps.size();
  for (const PendingStep &p : e.pending) {
    if ((!cutShort && !p.killed) || n != e.steps.size())
      continue;
    if (p.agent < 0 || static_cast<size_t>(p.agent) >= hb.lastOf.size())
      continue;
    const Event next{p.agent, p.op, p.object, p.target};
    std::vector<uint32_t> clock = hb.clockOf(events_, n, next, c);
    const int prev = hb.lastOf[p.agent];
    clock[p.agent] = (prev >= 0 ? hb.local[prev] : 0) + 1;
    reverseRaces(hb, n, next, clock, prev, c);
  }
}

// The sleep set before the plan's last step (node `last`), packed after the plan's steps for the
// runtime (control_block.h, kPlanSleeperTag), which keeps it up to date and never runs a
// sleeper past the plan. Between the branch's first node and `last`, it follows the branch's
// steps.
void DporStrategy::appendSleepers(size_t last) {
  std::vector<Sleeper> sleepers = path_[branchStart_].sleep;
  const auto &explored = path_[branchStart_].explored;
  sleepers.insert(sleepers.end(), explored.begin(), explored.end());
  for (size_t k = branchStart_; k < last; ++k) {
    const Node &n = path_[k];
    std::erase_if(sleepers, [&](const Sleeper &z) {
      return z.agent == n.agent || models::dependent(z.event, n.event, context_);
    });
  }
  for (const Sleeper &z : sleepers) {
    if (z.agent == path_[last].agent)
      continue;
    const auto object = static_cast<uint32_t>(z.event.object);
    const auto target = static_cast<uint32_t>(z.event.target);
    const uint16_t words[protocol::kPlanWordsPerSleeper] = {
        static_cast<uint16_t>(z.agent),         static_cast<uint16_t>(z.event.op),
        static_cast<uint16_t>(object & 0xffff), static_cast<uint16_t>(object >> 16),
        static_cast<uint16_t>(target & 0xffff), static_cast<uint16_t>(target >> 16)};
    for (uint16_t w : words)
      next_.push_back(PlanEntry{w, 0, protocol::kPlanSleeperTag});
  }
}

// Makes the branch the continuation of the path at `node`: its first step is the node's new
// choice, the leftmost path of its subtree becomes new nodes (each keeping its siblings as its
// own wakeup tree), and the plan follows them.
void DporStrategy::planBranch(size_t node, WakeupBranch branch) {
  Node &n = path_[node];
  n.agent = branch.agent;
  n.event = branch.event;
  n.variants = 1;
  n.doneVariants = 0;
  n.variant = protocol::kAnyVariant;
  n.preemptions = preemptionsIf(node, branch.agent);
  path_.resize(node + 1);
  branchStart_ = node;
  std::vector<WakeupBranch> level = std::move(branch.children);
  while (!level.empty()) {
    WakeupBranch first = std::move(level.front());
    level.erase(level.begin());
    Node child;
    child.agent = first.agent;
    child.event = first.event;
    child.variant = protocol::kAnyVariant;
    child.wakeup = std::move(level);
    path_.push_back(std::move(child));
    level = std::move(first.children);
  }
  next_.clear();
  for (size_t k = 0; k < path_.size(); ++k) {
    const Node &p = path_[k];
    next_.push_back(PlanEntry{static_cast<uint16_t>(p.agent), p.variant,
                              k > node ? protocol::kPlanSoft : uint8_t{0}});
  }
  appendSleepers(path_.size() - 1);
}

bool DporStrategy::backtrack() {
  while (!path_.empty()) {
    const size_t k = path_.size() - 1;
    Node &n = path_[k];
    const uint8_t freshVariants = n.variants & static_cast<uint8_t>(~n.doneVariants);
    if (n.agent >= 0 && freshVariants != 0) {
      n.variant = static_cast<uint8_t>(__builtin_ctz(freshVariants));
      n.doneVariants |= static_cast<uint8_t>(1U << n.variant);
      branchStart_ = k;
      next_.clear();
      for (const Node &p : path_)
        next_.push_back(PlanEntry{static_cast<uint16_t>(p.agent), p.variant, 0});
      appendSleepers(k);
      return true;
    }
    if (n.agent >= 0) {
      n.done |= bit(n.agent);
      n.explored.push_back({n.agent, n.event});
      n.agent = -1;
    }
    uint64_t asleep = 0;
    for (const Sleeper &z : n.sleep)
      asleep |= bit(z.agent);
    while (!n.wakeup.empty()) {
      WakeupBranch b = std::move(n.wakeup.front());
      n.wakeup.erase(n.wakeup.begin());
      const uint64_t a = bit(b.agent);
      if ((n.enabled & a) == 0 || (n.done & a) != 0 || (asleep & a) != 0)
        continue; // explored meanwhile (a source-set choice made twice), or never possible
      if (!withinBound(k, b.agent)) {
        pruned_ = true;
        n.done |= a;
        continue;
      }
      planBranch(k, std::move(b));
      return true;
    }
    path_.pop_back();
  }
  return false;
}

void DporStrategy::onExecution(const Plan &plan, const Execution &execution) {
  ++executions_;
  const auto steps =
      static_cast<size_t>(std::count_if(plan.begin(), plan.end(), [](const PlanEntry &p) {
        return p.reserved != protocol::kPlanSleeperTag;
      }));
  if (execution.sleepBlocked)
    ++blocked_;
  agentProcess_ = execution.agentProcess;
  processParent_ = execution.processParent;
  context_ = DependenceContext{agentProcess_.data(), static_cast<int>(agentProcess_.size()),
                               processParent_.data(), static_cast<int>(processParent_.size())};
  extendPath(steps, execution);
  events_.clear();
  for (const Node &n : path_) {
    if (n.agent < 0)
      break;
    events_.push_back(n.event);
  }
  analyseRaces(std::min(branchStart_, events_.size()), execution);
  // Knuth's estimator: the product of the branching along this path.
  double leaves = 1;
  for (const Node &n : path_)
    leaves *= static_cast<double>(std::max<size_t>(
                  1, n.wakeup.size() + static_cast<size_t>(__builtin_popcountll(n.done)) + 1)) *
              std::max(1, __builtin_popcount(n.variants));
  estimateSum_ += leaves;
  exhausted_ = !backtrack();
}

double DporStrategy::remainingEstimate() const {
  if (executions_ == 0)
    return -1;
  const double total = estimateSum_ / static_cast<double>(executions_);
  return std::max(0.0, total - static_cast<double>(executions_));
}

} // namespace lockstep::checker
