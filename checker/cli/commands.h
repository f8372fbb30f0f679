// The subcommands of the lockstep binary. Each returns the process exit code (engine/errors.h).
#pragma once

#include "strategy/strategy_factory.h"

#include <chrono>
#include <string>
#include <vector>

namespace lockstep::checker {

struct RunOptions {
  StrategyOptions strategy;
  uint64_t maxExecutions = 0;
  double timeLimitSeconds = 0;
  uint32_t maxSteps = 10000;
  double stepTimeoutSeconds = 10;
  std::vector<int> allowExitCodes;
  std::string outDir = "lockstep-out";
  std::string summaryFile;
  bool keepGoing = false;
  bool progress = false;
  bool noProgress = false;
  bool showOutput = false;
  bool spuriousWakeups = false;
  bool shortIo = false;
  bool noRaceFocus = false;         // no focused search on the locations of the races found
  std::vector<std::string> command; // program and its arguments
};

int runCommand(const RunOptions &options);

struct ReplayOptions {
  std::string schedule;
  double stepTimeoutSeconds = 0; // 0: as recorded
};

int replayCommand(const ReplayOptions &options);

} // namespace lockstep::checker
