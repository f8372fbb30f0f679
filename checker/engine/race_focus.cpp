// Race focus (see race_focus.h).
#include "engine/race_focus.h"

#include "strategy/strategy_factory.h"

#include <algorithm>
#include <cstring>

namespace lockstep::checker {

void writeFocus(protocol::FocusTable &table, const std::vector<FocusLocation> &focus) {
  memset(&table, 0, sizeof table);
  for (const FocusLocation &f : focus) {
    if (table.count >= static_cast<uint32_t>(protocol::kMaxFocus))
      break;
    protocol::FocusLocation &out = table.locations[table.count++];
    strncpy(out.mapping, f.mapping.c_str(), sizeof out.mapping - 1);
    out.offset = f.offset;
  }
}

std::string describeFocus(const std::vector<FocusLocation> &focus) {
  std::string text;
  for (const FocusLocation &f : focus) {
    char offset[32];
    snprintf(offset, sizeof offset, "+0x%llx", static_cast<unsigned long long>(f.offset));
    text += (text.empty() ? "" : ", ") + f.mapping + offset;
  }
  return text;
}

namespace {

// The shared locations of the races found, once each, in the order found.
std::vector<FocusLocation> focusOf(const std::vector<FoundBug> &bugs) {
  std::vector<FocusLocation> focus;
  for (const FoundBug &found : bugs) {
    const Bug &b = found.bug;
    if (b.kind != "data-race" || !b.dataShared || focus.size() >= protocol::kMaxFocus)
      continue;
    const bool seen = std::any_of(focus.begin(), focus.end(), [&](const FocusLocation &f) {
      return f.mapping == b.dataMapping && f.offset / 8 == b.dataOffset / 8;
    });
    if (!seen)
      focus.push_back({b.dataMapping, b.dataOffset});
  }
  return focus;
}

} // namespace

FocusRun runRaceFocus(const Program &program, const std::string &runtimeLibrary,
                      const ExecutorOptions &options, const StrategyOptions &strategy,
                      const ExploreOptions &exploreOptions, ExploreResult &main) {
  FocusRun run;
  run.options = options;
  run.options.focus = focusOf(main.bugs);
  run.firstBug = main.bugs.size();
  if (run.options.focus.empty()) {
    run.skipped = "no race on shared memory";
    return run;
  }
  // The main search stopped at a bug (no --keep-going): that bug is the report.
  if (main.stoppedBy == "bug") {
    run.skipped = "stopped at the first bug";
    return run;
  }
  ExploreOptions budget = exploreOptions;
  if (budget.maxExecutions != 0) {
    if (main.executions >= budget.maxExecutions) {
      run.skipped = "max-executions";
      return run;
    }
    budget.maxExecutions -= main.executions;
  }
  if (budget.timeLimit.count() != 0) {
    if (main.elapsed >= budget.timeLimit) {
      run.skipped = "time-limit";
      return run;
    }
    budget.timeLimit -= main.elapsed;
  }
  Executor executor(program, runtimeLibrary, run.options);
  std::unique_ptr<Strategy> focused = makeStrategy(strategy);
  Explorer explorer(executor, *focused, budget);
  run.result = explorer.explore();
  run.ran = true;

  const std::string where = describeFocus(run.options.focus);
  std::vector<std::string> keys;
  for (const FoundBug &found : main.bugs)
    keys.push_back(bugKey(found.bug, found.execution));
  for (FoundBug &found : run.result.bugs) {
    if (found.bug.kind == "data-race")
      continue; // the main search reports races; this search looks for their consequences
    const std::string key = bugKey(found.bug, found.execution);
    if (std::find(keys.begin(), keys.end(), key) != keys.end())
      continue;
    keys.push_back(key);
    std::string races;
    for (size_t i = 0; i < run.firstBug; ++i)
      if (main.bugs[i].bug.kind == "data-race" && main.bugs[i].bug.dataShared)
        races += (races.empty() ? "bug-" : ", bug-") + std::to_string(i + 1);
    found.bug.details.push_back("found under race focus on " + where +
                                " (the consequence of the data race reported as " + races + ")");
    found.executionIndex += main.executions + main.probeExecutions;
    main.bugs.push_back(std::move(found));
  }
  return run;
}

} // namespace lockstep::checker
