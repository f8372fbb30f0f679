// `lockstep run`: explore, report each bug with its schedule, write the summary, and return the
// exit code (0: no bug, 1: bug found).
#include "cli/commands.h"
#include "engine/errors.h"
#include "engine/explorer.h"
#include "engine/race_focus.h"
#include "report/race_report.h"
#include "report/schedule.h"
#include "report/summary.h"
#include "report/text_report.h"
#include "strategy/strategy_factory.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace lockstep::checker {

namespace fs = std::filesystem;

namespace {

constexpr uint64_t kDefaultRandomizedBudget = 1000;

// Removes schedules of an earlier run so the directory holds only this run's bugs.
void prepareOutDir(const std::string &dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw UsageError("cannot create output directory '" + dir + "': " + ec.message());
  for (const auto &entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("bug-", 0) == 0 && entry.path().extension() == ".json")
      fs::remove(entry.path(), ec);
  }
}

void writeJson(const std::string &path, const nlohmann::json &doc) {
  std::ofstream out(path);
  out << doc.dump(2) << "\n";
  if (!out)
    throw UsageError("cannot write '" + path + "'");
}

// The summary's "race_focus" object (docs/user-guide.md).
nlohmann::json focusJson(const FocusRun &focus) {
  nlohmann::json locations = nlohmann::json::array();
  for (const FocusLocation &f : focus.options.focus)
    locations.push_back(
        {{"mapping", f.mapping}, {"offset", f.offset}, {"kind", focusKindName(f.kind)}});
  const ExploreResult &r = focus.result;
  return {
      {"ran", focus.ran},
      {"skipped", focus.skipped.empty() ? nlohmann::json(nullptr) : nlohmann::json(focus.skipped)},
      {"locations", locations},
      {"executions", r.executions},
      {"complete", focus.ran && r.complete},
      {"stopped_by", r.stoppedBy.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.stoppedBy)},
      {"bugs", r.bugs.size()}};
}

} // namespace

int runCommand(const RunOptions &options) {
  installInterruptHandlers();
  Program program =
      resolveProgram(options.command.front(), {options.command.begin() + 1, options.command.end()});
  std::cerr << uninstrumentedWarning(program);
  ExecutorOptions executorOptions;
  executorOptions.maxSteps = options.maxSteps;
  executorOptions.stepTimeout =
      std::chrono::milliseconds(static_cast<int64_t>(options.stepTimeoutSeconds * 1000));
  executorOptions.exits.allowed = options.allowExitCodes;
  executorOptions.showOutput = options.showOutput;
  executorOptions.spuriousWakeups = options.spuriousWakeups;
  executorOptions.shortIo = options.shortIo;
  prepareOutDir(options.outDir);

  Executor executor(program, findRuntimeLibrary(), executorOptions);
  std::unique_ptr<Strategy> strategy = makeStrategy(options.strategy);
  ExploreOptions exploreOptions;
  exploreOptions.maxExecutions = options.maxExecutions;
  // Randomized strategies never finish on their own: give them a budget when none was given.
  if (strategy->randomized() && options.maxExecutions == 0 && options.timeLimitSeconds == 0)
    exploreOptions.maxExecutions = kDefaultRandomizedBudget;
  exploreOptions.timeLimit =
      std::chrono::milliseconds(static_cast<int64_t>(options.timeLimitSeconds * 1000));
  exploreOptions.keepGoing = options.keepGoing;
  exploreOptions.progress = !options.noProgress && (options.progress || isatty(STDERR_FILENO) != 0);
  Explorer explorer(executor, *strategy, exploreOptions);
  ExploreResult result = explorer.explore();
  // Race focus (docs/races.md): after the main search, so that its results do not depend on it.
  FocusRun focus;
  if (!options.noRaceFocus) {
    if (exploreOptions.progress)
      exploreOptions.progress = false; // one status line is enough
    focus = runRaceFocus(program, findRuntimeLibrary(), executorOptions, options.strategy,
                         exploreOptions, result);
    if (focus.ran && !focus.result.complete) { // the run is complete when both searches are
      result.complete = false;
      if (result.stoppedBy.empty())
        result.stoppedBy = focus.result.stoppedBy;
    }
  }

  Symbolizer symbols;
  for (FoundBug &found : result.bugs)
    nameRaceVariable(found.bug, found.execution, symbols);
  std::vector<std::string> schedulePaths;
  for (size_t i = 0; i < result.bugs.size(); ++i) {
    const FoundBug &found = result.bugs[i];
    const std::string path = options.outDir + "/bug-" + std::to_string(i + 1) + ".json";
    const bool focused = focus.ran && i >= focus.firstBug;
    const Schedule schedule = scheduleOf(found, program, focused ? focus.options : executorOptions,
                                         strategy->name(), strategy->parameters());
    writeJson(path, toJson(schedule, found.execution, symbols));
    schedulePaths.push_back(path);
    printBug(stdout, found.bug, found.execution, symbols,
             "lockstep: BUG " + found.bug.kind + " (execution " +
                 std::to_string(found.executionIndex) + ")");
    printf("\nSchedule written to %s; replay it with: lockstep replay %s\n\n", path.c_str(),
           path.c_str());
  }
  printf("%s\n", summaryLine(result).c_str());
  if (focus.ran) {
    const ExploreResult &f = focus.result;
    const std::string status =
        f.complete
            ? "search complete"
            : "search incomplete: stopped by " +
                  (f.stoppedBy.empty() ? std::string("its randomized strategy") : f.stoppedBy);
    printf("lockstep: race focus on %s: %llu executions (%s)\n",
           describeFocus(focus.options.focus).c_str(),
           static_cast<unsigned long long>(f.executions), status.c_str());
  }
  if (!options.summaryFile.empty()) {
    nlohmann::json summary = summaryJson(result, program, strategy->name(), schedulePaths);
    summary["race_focus"] = focusJson(focus);
    writeJson(options.summaryFile, summary);
  }
  return result.bugs.empty() ? kExitClean : kExitBug;
}

} // namespace lockstep::checker
