// The lockstep command line: `lockstep run [OPTIONS] -- PROGRAM [ARGS...]` and
// `lockstep replay SCHEDULE.json`. Parses arguments with CLI11 and maps every failure to the
// exit codes of the output contract (0 clean, 1 bug, 2 usage, 3 internal, 130 interrupted).
#include "cli/commands.h"
#include "engine/errors.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <stdexcept>

using namespace lockstep::checker;

int main(int argc, char **argv) {
  CLI::App app{"Lockstep: a deterministic concurrency model checker for multi-process programs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lockstep 0.1");

  RunOptions run;
  CLI::App *runApp = app.add_subcommand("run", "explore the interleavings of a program");
  runApp
      ->add_option("--strategy", run.strategy.name,
                   "exploration strategy: dpor (default), dfs, pct, random")
      ->check(CLI::IsMember(strategyNames()));
  runApp->add_option("--seed", run.strategy.seed, "seed of the randomized strategies");
  runApp->add_option("--pct-depth", run.strategy.pctDepth, "bug depth for pct")
      ->check(CLI::Range(1, 64));
  runApp
      ->add_option("--preemption-bound", run.strategy.preemptionBound,
                   "at most K preemptions (dfs/dpor), explored 0, 1, ... K")
      ->check(CLI::Range(0, 1000));
  runApp->add_option("--max-executions", run.maxExecutions,
                     "stop after N executions (0: none; pct and random: 1000)");
  runApp->add_option("--time-limit", run.timeLimitSeconds, "stop after SECONDS (0: none)")
      ->check(CLI::NonNegativeNumber);
  runApp->add_option("--max-steps", run.maxSteps, "steps per execution before livelock")
      ->check(CLI::Range(1U, 10000000U));
  runApp
      ->add_option("--step-timeout", run.stepTimeoutSeconds,
                   "a step running longer is a hang (seconds)")
      ->check(CLI::PositiveNumber);
  runApp->add_option("--allow-exit-codes", run.allowExitCodes, "non-zero exit codes that are fine")
      ->delimiter(',');
  runApp->add_flag("--spurious-wakeups", run.spuriousWakeups,
                   "explore spurious wakeups of condition variable waits");
  runApp->add_flag("--short-io", run.shortIo,
                   "explore pipe reads and writes that transfer less than they could");
  runApp->add_flag("--no-race-focus", run.noRaceFocus,
                   "do not search again with the accesses of raced shared locations scheduled");
  runApp->add_option("--out", run.outDir, "directory for bug schedules");
  runApp->add_option("--summary", run.summaryFile, "write a JSON summary to FILE");
  runApp->add_flag("--keep-going", run.keepGoing, "collect every distinct bug");
  runApp->add_flag("--progress", run.progress, "show a progress line even when not a terminal");
  runApp->add_flag("--no-progress", run.noProgress, "never show the progress line");
  runApp->add_flag("--show-output", run.showOutput, "let the program write to the terminal");
  runApp->add_option("command", run.command, "PROGRAM [ARGS...] (after --)")->required();

  ReplayOptions replay;
  CLI::App *replayApp = app.add_subcommand("replay", "rerun a recorded schedule exactly");
  replayApp->add_option("schedule", replay.schedule, "a schedule file written by lockstep run")
      ->required();
  replayApp->add_option("--step-timeout", replay.stepTimeoutSeconds, "override the recorded one")
      ->check(CLI::PositiveNumber);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    const int code = app.exit(e);
    return code == 0 ? kExitClean : kExitUsage;
  }
  try {
    if (runApp->parsed())
      return runCommand(run);
    return replayCommand(replay);
  } catch (const UsageError &e) {
    fprintf(stderr, "lockstep: %s\n", e.what());
    return kExitUsage;
  } catch (const Interrupted &) {
    fprintf(stderr, "\nlockstep: interrupted; the program's processes were stopped\n");
    return kExitInterrupted;
  } catch (const std::exception &e) {
    fprintf(stderr, "lockstep: internal error: %s\n", e.what());
    return kExitInternal;
  }
}
