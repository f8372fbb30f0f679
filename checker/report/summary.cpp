// Run summary (see summary.h).
#include "report/summary.h"

namespace lockstep::checker {

std::string summaryLine(const ExploreResult &r) {
  std::string line = "lockstep: " + std::to_string(r.executions) + " executions, ";
  if (r.blockedExecutions != 0)
    line += std::to_string(r.blockedExecutions) + " blocked, ";
  line += r.bugs.empty() ? "no bug found" : std::to_string(r.bugs.size()) + " bug(s) found";
  if (r.complete)
    line += " (search complete)";
  else if (r.stoppedBy.empty())
    line += " (randomized search: never complete)";
  else if (r.stoppedBy == "bug")
    line += " (stopped at the first bug)";
  else
    line += " (search incomplete: stopped by " + r.stoppedBy + ")";
  return line;
}

nlohmann::json summaryJson(const ExploreResult &r, const Program &program,
                           const std::string &strategy,
                           const std::vector<std::string> &schedulePaths) {
  nlohmann::json bugs = nlohmann::json::array();
  for (size_t i = 0; i < r.bugs.size(); ++i) {
    const FoundBug &b = r.bugs[i];
    bugs.push_back({{"kind", b.bug.kind},
                    {"message", b.bug.message},
                    {"details", b.bug.details},
                    {"step", b.bug.step},
                    {"execution", b.executionIndex},
                    {"schedule", i < schedulePaths.size() ? schedulePaths[i] : ""}});
  }
  return {
      {"program", program.path},
      {"arguments", program.arguments},
      {"instrumented", program.instrumented},
      {"strategy", r.strategy.empty() ? strategy : r.strategy},
      {"seed", r.seed ? nlohmann::json(*r.seed) : nlohmann::json(nullptr)},
      {"executions", r.executions},
      {"blocked_executions", r.blockedExecutions},
      {"probe_executions", r.probeExecutions},
      {"complete", r.complete},
      {"stopped_by", r.stoppedBy.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.stoppedBy)},
      {"max_depth", r.maxDepth},
      {"elapsed_ms", r.elapsed.count()},
      {"bugs", bugs}};
}

} // namespace lockstep::checker
