// Builds the strategy named on the command line (`--strategy`), with its parameters.
#pragma once

#include "strategy/strategy.h"

#include <memory>

namespace lockstep::checker {

struct StrategyOptions {
  std::string name = "dpor";
  uint64_t seed = 0;
  int pctDepth = 3;
  int preemptionBound = -1; // -1: none
};

// Throws UsageError for an unknown name.
std::unique_ptr<Strategy> makeStrategy(const StrategyOptions &options);

// The names `--strategy` accepts.
std::vector<std::string> strategyNames();

} // namespace lockstep::checker
