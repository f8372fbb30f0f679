// Race focus (see race_focus.h).
#include "engine/race_focus.h"

#include "strategy/strategy_factory.h"

#include <algorithm>
#include <cstring>
#include <optional>

namespace lockstep::checker {

void writeFocus(protocol::FocusTable &table, const std::vector<FocusLocation> &focus) {
  memset(&table, 0, sizeof table);
  for (const FocusLocation &f : focus) {
    if (table.count >= static_cast<uint32_t>(protocol::kMaxFocus))
      break;
    protocol::FocusLocation &out = table.locations[table.count++];
    strncpy(out.mapping, f.mapping.c_str(), sizeof out.mapping - 1);
    out.offset = f.offset;
    out.kind = f.kind;
  }
}

std::string describeFocus(const FocusLocation &f) {
  char offset[32];
  snprintf(offset, sizeof offset, "0x%llx", static_cast<unsigned long long>(f.offset));
  switch (f.kind) {
  case protocol::FocusKind::Module:
    return "private memory in " + f.mapping.substr(f.mapping.rfind('/') + 1) + "+" + offset;
  case protocol::FocusKind::Address:
    return std::string("private memory at ") + offset;
  case protocol::FocusKind::Shared:
    break;
  }
  return f.mapping + "+" + offset;
}

std::string describeFocus(const std::vector<FocusLocation> &focus) {
  std::string text;
  for (const FocusLocation &f : focus)
    text += (text.empty() ? "" : ", ") + describeFocus(f);
  return text;
}

const char *focusKindName(protocol::FocusKind kind) {
  switch (kind) {
  case protocol::FocusKind::Module:
    return "module";
  case protocol::FocusKind::Address:
    return "address";
  case protocol::FocusKind::Shared:
    break;
  }
  return "shared";
}

std::optional<protocol::FocusKind> focusKindNamed(const std::string &name) {
  for (const protocol::FocusKind kind :
       {protocol::FocusKind::Shared, protocol::FocusKind::Module, protocol::FocusKind::Address})
    if (name == focusKindName(kind))
      return kind;
  return std::nullopt;
}

namespace {

// The location a race is on, as race focus names it (see FocusLocation); none for a race whose
// location the record could not name.
std::optional<FocusLocation> focusLocationOf(const FoundBug &found) {
  const Bug &b = found.bug;
  if (b.kind != "data-race")
    return std::nullopt;
  if (b.dataShared)
    return FocusLocation{b.dataMapping, b.dataOffset, protocol::FocusKind::Shared};
  if (b.dataModule != protocol::kNoModule && b.dataModule < found.execution.modules.size()) {
    // The end of the module's path: the runtime compares it with the end of the paths it knows.
    const std::string &path = found.execution.modules[b.dataModule];
    const size_t keep = protocol::kWhereSize - 1;
    return FocusLocation{path.size() > keep ? path.substr(path.size() - keep) : path, b.dataOffset,
                         protocol::FocusKind::Module};
  }
  if (b.dataAddress)
    return FocusLocation{"", b.dataOffset, protocol::FocusKind::Address};
  return std::nullopt;
}

bool sameGranule(const FocusLocation &a, const FocusLocation &b) {
  return a.kind == b.kind && a.mapping == b.mapping && a.offset / 8 == b.offset / 8;
}

// The locations of the races found, once per granule, in the order found.
std::vector<FocusLocation> focusOf(const std::vector<FoundBug> &bugs) {
  std::vector<FocusLocation> focus;
  for (const FoundBug &found : bugs) {
    const std::optional<FocusLocation> at = focusLocationOf(found);
    if (!at || focus.size() >= protocol::kMaxFocus)
      continue;
    if (std::none_of(focus.begin(), focus.end(),
                     [&](const FocusLocation &f) { return sameGranule(f, *at); }))
      focus.push_back(*at);
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
    run.skipped = "no race";
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
  std::string races; // the races whose locations are focused
  std::vector<size_t> focusedRaces;
  for (size_t i = 0; i < run.firstBug; ++i) {
    const std::optional<FocusLocation> at = focusLocationOf(main.bugs[i]);
    if (at && std::any_of(run.options.focus.begin(), run.options.focus.end(),
                          [&](const FocusLocation &f) { return sameGranule(f, *at); })) {
      races += (races.empty() ? "bug-" : ", bug-") + std::to_string(i + 1);
      focusedRaces.push_back(i);
    }
  }
  std::vector<std::string> keys;
  for (const FoundBug &found : main.bugs)
    keys.push_back(bugKey(found.bug, found.execution));
  for (FoundBug &found : run.result.bugs) {
    // A race is new when its pair of code locations is (Bug::key): one that only an interleaving
    // of the focused accesses reaches. Its location is not focused in turn.
    const std::string key = bugKey(found.bug, found.execution);
    if (std::find(keys.begin(), keys.end(), key) != keys.end())
      continue;
    keys.push_back(key);
    if (found.bug.kind == "data-race")
      found.bug.details.push_back("found under race focus on " + where +
                                  " (reached by an order of the focused accesses)");
    else
      found.bug.details.push_back("found under race focus on " + where +
                                  " (the consequence of the data race reported as " + races + ")");
    found.executionIndex += main.executions + main.probeExecutions;
    if (found.bug.kind != "data-race") // the race reports link to their consequences
      for (const size_t i : focusedRaces)
        main.bugs[i].bug.details.push_back("consequence found under race focus: bug-" +
                                           std::to_string(main.bugs.size() + 1) + " (" +
                                           found.bug.kind + ")");
    main.bugs.push_back(std::move(found));
  }
  return run;
}

} // namespace lockstep::checker
