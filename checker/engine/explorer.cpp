// The exploration loop (see explorer.h).
#include "engine/explorer.h"

#include "engine/errors.h"

#include <cstdio>
#include <set>

namespace lockstep::checker {

using Clock = std::chrono::steady_clock;

Plan planOf(const Execution &execution, size_t steps) {
  Plan plan;
  for (size_t i = 0; i < steps && i < execution.steps.size(); ++i) {
    const Step &s = execution.steps[i];
    plan.push_back({static_cast<uint16_t>(s.agent), s.variant, 0});
  }
  return plan;
}

std::string bugKey(const Bug &bug, const Execution &execution) {
  auto site = [](const CallSite &c) {
    return std::to_string(c.module) + ":" + std::to_string(c.offset);
  };
  if (!bug.key.empty())
    return bug.key; // data races: the pair of code locations
  std::string key = bug.kind + "@" + site(bug.site);
  if (bug.kind == "deadlock") {
    // Where each blocked agent last acted: the locations of the cycle, whatever the order.
    std::set<std::string> sites;
    std::vector<int> last(execution.agentNames.size(), -1);
    for (size_t i = 0; i < execution.steps.size(); ++i)
      last[execution.steps[i].agent] = static_cast<int>(i);
    for (int i : last)
      if (i >= 0 && execution.steps[i].op != OpKind::process_exit &&
          execution.steps[i].op != OpKind::thread_exit)
        sites.insert(site(execution.steps[i].site));
    for (const std::string &s : sites)
      key += "|" + s;
  } else if (bug.site.module == protocol::kNoModule && bug.step > 0 &&
             bug.step <= execution.steps.size()) {
    key += "|" + site(execution.steps[bug.step - 1].site);
  }
  return key;
}

void Explorer::showProgress(const ExploreResult &r, bool final) const {
  const double seconds = std::chrono::duration<double>(r.elapsed).count();
  fprintf(stderr, "\r\033[Klockstep: %llu executions (%.0f/s), depth %zu, %zu bugs, %.1f s",
          static_cast<unsigned long long>(r.executions), seconds > 0 ? r.executions / seconds : 0.0,
          r.maxDepth, r.bugs.size(), seconds);
  const double remaining = strategy_.remainingEstimate();
  if (!final && remaining >= 0)
    fprintf(stderr, ", ~%.0f remaining (estimate)", remaining);
  if (final)
    fputc('\n', stderr);
  fflush(stderr);
}

void Explorer::finish(ExploreResult &result) const {
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start_);
  result.complete = result.stoppedBy.empty() && strategy_.exhaustive() && !strategy_.randomized();
  if (result.stoppedBy.empty() && !strategy_.boundReached().empty())
    result.stoppedBy = strategy_.boundReached();
  result.blockedExecutions = strategy_.blockedExecutions();
  result.strategy = strategy_.name();
  result.seed = strategy_.seed();
}

ExploreResult Explorer::explore() {
  ExploreResult result;
  start_ = Clock::now();
  const auto start = start_;
  auto lastProgress = start;
  std::set<std::string> seenBugs;
  for (;;) {
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    if (options_.maxExecutions != 0 && result.executions >= options_.maxExecutions) {
      result.stoppedBy = "max-executions";
      break;
    }
    if (options_.timeLimit.count() != 0 && result.elapsed >= options_.timeLimit) {
      result.stoppedBy = "time-limit";
      break;
    }
    std::optional<Plan> plan = strategy_.nextPlan();
    if (!plan)
      break;
    Execution e = executor_.run(*plan);
    result.maxDepth = std::max(result.maxDepth, e.steps.size());
    if (e.error) {
      if (e.error->kind == "unsupported")
        throw UsageError(e.error->message);
      throw std::runtime_error(e.error->message);
    }
    strategy_.onExecution(*plan, e);
    if (strategy_.lastWasProbe())
      ++result.probeExecutions;
    else
      ++result.executions;
    // A data race does not end the execution nor the search (docs/user-guide.md): each new pair
    // of racing code locations is reported once, with the schedule up to its second access.
    for (const Bug &race : e.races) {
      if (seenBugs.insert(bugKey(race, e)).second)
        result.bugs.push_back(
            {race, planOf(e, race.step), e, result.executions + result.probeExecutions});
    }
    if (e.bug) {
      const std::string key = bugKey(*e.bug, e);
      if (seenBugs.insert(key).second) {
        FoundBug found{*e.bug, planOf(e, e.bug->step), e,
                       result.executions + result.probeExecutions};
        result.bugs.push_back(std::move(found));
      }
      if (!options_.keepGoing) {
        result.stoppedBy = "bug";
        break;
      }
    }
    if (options_.progress && Clock::now() - lastProgress > std::chrono::milliseconds(250)) {
      lastProgress = Clock::now();
      showProgress(result, false);
    }
  }
  finish(result);
  if (options_.progress)
    showProgress(result, true);
  return result;
}

} // namespace lockstep::checker
