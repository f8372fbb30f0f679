// The strategy registry (see strategy_factory.h).
#include "strategy/strategy_factory.h"

#include "engine/errors.h"
#include "strategy/dfs_strategy.h"

namespace lockstep::checker {

std::unique_ptr<Strategy> makeStrategy(const StrategyOptions &options) {
  if (options.name == "dfs")
    return std::make_unique<DfsStrategy>();
  throw UsageError("unknown strategy '" + options.name + "'");
}

std::vector<std::string> strategyNames() { return {"dfs"}; }

} // namespace lockstep::checker
