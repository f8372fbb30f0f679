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

void Explorer::showProgress(const ExploreResult &r, bool final) const {
  const double seconds = std::chrono::duration<double>(r.elapsed).count();
  fprintf(stderr, "\r\033[Klockstep: %llu executions (%.0f/s), depth %zu, %zu bugs, %.1f s",
          static_cast<unsigned long long>(r.executions), seconds > 0 ? r.executions / seconds : 0.0,
          r.maxDepth, r.bugs.size(), seconds);
  if (final)
    fputc('\n', stderr);
  fflush(stderr);
}

ExploreResult Explorer::explore() {
  ExploreResult result;
  const auto start = Clock::now();
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
    ++result.executions;
    result.maxDepth = std::max(result.maxDepth, e.steps.size());
    if (e.error) {
      if (e.error->kind == "unsupported")
        throw UsageError(e.error->message);
      throw std::runtime_error(e.error->message);
    }
    strategy_.onExecution(*plan, e);
    if (e.bug) {
      const std::string key = e.bug->kind + "|" + e.bug->message;
      if (seenBugs.insert(key).second) {
        FoundBug found{*e.bug, planOf(e, e.bug->step), e, result.executions};
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
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  result.complete = result.stoppedBy.empty() && strategy_.exhaustive();
  if (options_.progress)
    showProgress(result, true);
  return result;
}

} // namespace lockstep::checker
