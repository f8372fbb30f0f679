// `lockstep replay SCHEDULE.json`: rerun the recorded schedule exactly. Exit 1 with the same bug;
// exit 2 with a divergence message when the program no longer follows the schedule.
#include "cli/commands.h"
#include "engine/errors.h"
#include "engine/explorer.h"
#include "report/race_report.h"
#include "report/schedule.h"
#include "report/text_report.h"
#include "strategy/replay_strategy.h"

namespace lockstep::checker {

namespace {

std::string stepText(const ScheduleStep &s) {
  return s.agent + " " + s.op + (s.object.empty() ? "" : " " + s.object);
}

// The first recorded step the execution did differently, as a sentence; "" when none.
std::string findDivergence(const Schedule &schedule, const Execution &e) {
  for (size_t i = 0; i < schedule.steps.size(); ++i) {
    const ScheduleStep &want = schedule.steps[i];
    if (i >= e.steps.size()) {
      return "the execution ended after " + std::to_string(e.steps.size()) +
             " steps; the schedule expects step " + std::to_string(i + 1) + " to be " +
             stepText(want);
    }
    const ScheduleStep got = scheduleStepOf(e, i);
    if (got.agent != want.agent || got.op != want.op || got.object != want.object) {
      return "step " + std::to_string(i + 1) + " of the schedule is " + stepText(want) +
             ", but the program did " + stepText(got);
    }
  }
  return "";
}

} // namespace

int replayCommand(const ReplayOptions &options) {
  installInterruptHandlers();
  const Schedule schedule = readSchedule(options.schedule);
  Program program = resolveProgram(schedule.program, schedule.arguments);
  if (program.hash != schedule.binarySha256)
    fprintf(stderr,
            "lockstep: warning: '%s' changed since the schedule was recorded; replaying anyway\n",
            program.path.c_str());
  ExecutorOptions executorOptions = schedule.options;
  executorOptions.showOutput = true; // replay is for debugging: show what the program prints
  if (options.stepTimeoutSeconds > 0)
    executorOptions.stepTimeout =
        std::chrono::milliseconds(static_cast<int64_t>(options.stepTimeoutSeconds * 1000));
  Executor executor(program, findRuntimeLibrary(), executorOptions);
  Plan plan;
  for (const ScheduleStep &s : schedule.steps)
    plan.push_back({static_cast<uint16_t>(s.agentId), s.variant, 0});
  ReplayStrategy strategy(plan);
  const Execution e = executor.run(*strategy.nextPlan());
  if (e.error)
    throw UsageError(e.error->message);
  if (e.bug && e.bug->kind == "divergence")
    throw UsageError("the program diverged from the schedule: " + e.bug->message);
  if (const std::string divergence = findDivergence(schedule, e); !divergence.empty())
    throw UsageError("the program diverged from the schedule: " + divergence);
  Symbolizer symbols;
  if (schedule.bug.kind == "data-race") {
    for (Bug race : e.races) {
      nameRaceVariable(race, e, symbols);
      if (race.message == schedule.bug.message) {
        printBug(stdout, race, e, symbols, "lockstep: BUG data-race (replayed)");
        return kExitBug;
      }
    }
    throw UsageError("the schedule was followed, but the recorded data race did not happen: " +
                     schedule.bug.message);
  }
  if (!e.bug || e.bug->kind != schedule.bug.kind)
    throw UsageError("the schedule was followed, but the recorded " + schedule.bug.kind +
                     " did not happen" + (e.bug ? " (found " + e.bug->kind + " instead)" : ""));
  printBug(stdout, *e.bug, e, symbols, "lockstep: BUG " + e.bug->kind + " (replayed)");
  return kExitBug;
}

} // namespace lockstep::checker
