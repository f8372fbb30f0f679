// Source-DPOR with sleep sets (see dpor_strategy.h for the overview and the paper).
#include "strategy/dpor_strategy.h"

#include "lockstep/models/check.h"

#include <algorithm>

namespace lockstep::checker {

using models::DependenceContext;
using models::Event;
using protocol::PlanEntry;

namespace {

uint64_t bit(int agent) { return agent >= 0 ? uint64_t{1} << agent : 0; }

Event eventOf(const Step &s) { return Event{s.agent, s.op, s.object, s.target}; }

DependenceContext contextOf(const Execution &e) {
  DependenceContext c;
  c.agentProcess = e.agentProcess.data();
  c.agentCount = static_cast<int>(e.agentProcess.size());
  c.processParent = e.processParent.data();
  c.processCount = static_cast<int>(e.processParent.size());
  return c;
}

int lowest(uint64_t mask) { return mask == 0 ? -1 : __builtin_ctzll(mask); }

} // namespace

nlohmann::json DporStrategy::parameters() const {
  nlohmann::json p = {{"algorithm", "source-dpor+sleep-sets"}};
  if (bound_ >= 0)
    p["preemption_bound"] = bound_;
  return p;
}

std::optional<Plan> DporStrategy::nextPlan() {
  if (!started_) {
    started_ = true;
    return Plan{};
  }
  if (exhausted_)
    return std::nullopt;
  return next_;
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

void DporStrategy::extendPath(size_t planned, const Execution &e) {
  const DependenceContext c = contextOf(e);
  if (planned > 0 && planned <= e.steps.size()) {
    Node &last = path_[planned - 1];
    const Step &s = e.steps[planned - 1];
    LOCKSTEP_CHECK(s.agent == last.agent);
    last.variants = s.variants;
    last.variant = s.variant;
    last.doneVariants |= static_cast<uint8_t>(1U << s.variant);
    last.event = eventOf(s);
  }
  path_.resize(std::min(path_.size(), e.steps.size()));
  for (size_t k = path_.size(); k < e.steps.size(); ++k) {
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
      if (awake >= 0)
        node.backtrack = bit(awake);
      node.agent = -1;
      return;
    }
    node.agent = s.agent;
    node.variants = s.variants;
    node.variant = s.variant;
    node.doneVariants = static_cast<uint8_t>(1U << s.variant);
    node.event = eventOf(s);
    node.backtrack = bit(s.agent);
    node.preemptions = preemptionsIf(k, s.agent);
  }
}

// Races of the steps from `from` on with earlier steps (Source-DPOR, with the blocking rule of
// dpor_strategy.h).
void DporStrategy::analyseRaces(size_t from, const Execution &e) {
  const DependenceContext c = contextOf(e);
  size_t n = 0;
  while (n < path_.size() && path_[n].agent >= 0)
    ++n;
  const size_t agents = e.agentNames.size();
  // clock[k][a]: how many steps of agent a happen before or at step k; local[k]: step k's
  // 1-based index among its agent's steps.
  std::vector<std::vector<uint32_t>> clock(n, std::vector<uint32_t>(agents, 0));
  std::vector<uint32_t> local(n, 0);
  std::vector<int> lastOf(agents, -1);
  std::vector<uint32_t> count(agents, 0);
  for (size_t k = 0; k < n; ++k) {
    const int a = events_[k].agent;
    std::vector<uint32_t> &ck = clock[k];
    if (lastOf[a] >= 0)
      ck = clock[lastOf[a]];
    for (size_t i = 0; i < k; ++i) {
      if (events_[i].agent != a && models::dependent(events_[i], events_[k], c))
        for (size_t x = 0; x < agents; ++x)
          ck[x] = std::max(ck[x], clock[i][x]);
    }
    local[k] = ++count[a];
    ck[a] = local[k];
    lastOf[a] = static_cast<int>(k);
  }
  auto happensBefore = [&](size_t i, const std::vector<uint32_t> &cv) {
    return cv[events_[i].agent] >= local[i];
  };

  std::vector<int> prevOf(n, -1);
  std::fill(lastOf.begin(), lastOf.end(), -1);
  for (size_t k = 0; k < n; ++k) {
    prevOf[k] = lastOf[events_[k].agent];
    lastOf[events_[k].agent] = static_cast<int>(k);
  }

  for (size_t j = from; j < n; ++j) {
    const int q = events_[j].agent;
    std::vector<uint32_t> cover(agents, 0);
    if (prevOf[j] >= 0)
      cover = clock[prevOf[j]];
    for (size_t ii = j; ii-- > 0;) {
      const Event &ei = events_[ii];
      if (ei.agent == q || !models::dependent(ei, events_[j], c) || happensBefore(ii, cover))
        continue;
      // v = notdep(e_i).e_j: the steps after i that do not happen after i, then e_j. Its
      // initials: agents whose first step in v has no predecessor in v.
      std::vector<int> first(agents, -1);
      for (size_t k = ii + 1; k < j; ++k) {
        if (happensBefore(ii, clock[k]))
          continue;
        if (first[events_[k].agent] < 0)
          first[events_[k].agent] = static_cast<int>(k);
      }
      if (first[q] < 0)
        first[q] = static_cast<int>(j);
      uint64_t initials = 0;
      for (size_t a = 0; a < agents; ++a) {
        if (first[a] < 0)
          continue;
        const std::vector<uint32_t> &cv = clock[first[a]];
        bool initial = true;
        for (size_t b = 0; b < agents && initial; ++b) {
          if (b == a || first[b] < 0)
            continue;
          if (cv[b] >= local[first[b]])
            initial = false;
        }
        if (initial)
          initials |= bit(static_cast<int>(a));
      }
      Node &node = path_[ii];
      // e_j's agent did not move between e_i and e_j, so e_j was already its next step before
      // e_i. When it was disabled there and no step of v precedes it (it is an initial), only
      // e_i enabled it (enabling is dependence): the race cannot be reversed.
      const bool disabledBefore = prevOf[j] < static_cast<int>(ii) &&
                                  (node.enabled & bit(q)) == 0 && (initials & bit(q)) != 0;
      const uint64_t feasible = disabledBefore ? 0 : initials & node.enabled;
      if (feasible == 0)
        continue; // not co-enabled: look at the earlier steps it hides
      for (size_t x = 0; x < agents; ++x)
        cover[x] = std::max(cover[x], clock[ii][x]);
      if ((initials & (node.backtrack | node.done | bit(node.agent))) != 0)
        continue;
      uint64_t asleep = 0;
      for (const Sleeper &z : node.sleep)
        asleep |= bit(z.agent);
      uint64_t candidates = feasible & ~asleep;
      if (candidates == 0)
        continue;
      const int choice = (candidates & bit(q)) != 0 ? q : lowest(candidates);
      if (!withinBound(ii, choice)) {
        pruned_ = true;
        continue;
      }
      node.backtrack |= bit(choice);
    }
  }
}

// The sleep set before the plan's last step, packed after the plan's steps for the runtime
// (control_block.h, kPlanSleeperTag), which keeps it up to date and never runs a sleeper.
void DporStrategy::appendSleepers(const Node &last) {
  auto pack = [&](const Sleeper &z) {
    if (z.agent == last.agent)
      return;
    const auto object = static_cast<uint32_t>(z.event.object);
    const auto target = static_cast<uint32_t>(z.event.target);
    const uint16_t words[protocol::kPlanWordsPerSleeper] = {
        static_cast<uint16_t>(z.agent),         static_cast<uint16_t>(z.event.op),
        static_cast<uint16_t>(object & 0xffff), static_cast<uint16_t>(object >> 16),
        static_cast<uint16_t>(target & 0xffff), static_cast<uint16_t>(target >> 16)};
    for (uint16_t w : words)
      next_.push_back(PlanEntry{w, 0, protocol::kPlanSleeperTag});
  };
  for (const Sleeper &z : last.sleep)
    pack(z);
  for (const Sleeper &z : last.explored)
    pack(z);
}

bool DporStrategy::backtrack() {
  while (!path_.empty()) {
    const size_t k = path_.size() - 1;
    Node &n = path_[k];
    const uint8_t freshVariants = n.variants & static_cast<uint8_t>(~n.doneVariants);
    if (n.agent >= 0 && freshVariants != 0) {
      n.variant = static_cast<uint8_t>(__builtin_ctz(freshVariants));
      n.doneVariants |= static_cast<uint8_t>(1U << n.variant);
    } else {
      if (n.agent >= 0) {
        n.done |= bit(n.agent);
        n.explored.push_back({n.agent, n.event});
      }
      uint64_t asleep = 0;
      for (const Sleeper &z : n.sleep)
        asleep |= bit(z.agent);
      uint64_t fresh = n.backtrack & n.enabled & ~n.done & ~asleep;
      int choice = -1;
      while (fresh != 0) {
        const int a = lowest(fresh);
        fresh &= fresh - 1;
        if (withinBound(k, a)) {
          choice = a;
          break;
        }
        pruned_ = true;
        n.done |= bit(a);
      }
      if (choice < 0) {
        path_.pop_back();
        continue;
      }
      n.agent = choice;
      n.variants = 1;
      n.doneVariants = 0;
      n.variant = protocol::kAnyVariant;
      n.preemptions = preemptionsIf(k, choice);
    }
    next_.clear();
    for (const Node &p : path_)
      next_.push_back(PlanEntry{static_cast<uint16_t>(p.agent), p.variant, 0});
    appendSleepers(n);
    return true;
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
  extendPath(steps, execution);
  events_.clear();
  for (const Node &n : path_) {
    if (n.agent < 0)
      break;
    events_.push_back(n.event);
  }
  analyseRaces(steps == 0 ? 0 : steps - 1, execution);
  // Knuth's estimator: the product of the branching along this path.
  double leaves = 1;
  for (const Node &n : path_)
    leaves *= std::max(1, __builtin_popcountll(n.backtrack | n.done | bit(n.agent))) *
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
