// The strategy registry (see strategy_factory.h).
#include "strategy/strategy_factory.h"

#include "engine/errors.h"
#include "strategy/bounded_strategy.h"
#include "strategy/dfs_strategy.h"
#include "strategy/dpor_strategy.h"
#include "strategy/stepwise_strategy.h"

namespace lockstep::checker {

std::unique_ptr<Strategy> makeStrategy(const StrategyOptions &options) {
  if (options.name == "dfs" || options.name == "dpor") {
    const bool dpor = options.name == "dpor";
    auto make = [dpor](int bound) -> std::unique_ptr<Strategy> {
      if (dpor)
        return std::make_unique<DporStrategy>(bound);
      return std::make_unique<DfsStrategy>(bound);
    };
    if (options.preemptionBound < 0)
      return make(-1);
    return std::make_unique<BoundedStrategy>(options.preemptionBound, make);
  }
  if (options.preemptionBound >= 0)
    throw UsageError("--preemption-bound applies to the dfs and dpor strategies only");
  if (options.name == "pct")
    return std::make_unique<PctStrategy>(options.seed, options.pctDepth);
  if (options.name == "random")
    return std::make_unique<RandomStrategy>(options.seed);
  throw UsageError("unknown strategy '" + options.name + "'");
}

std::vector<std::string> strategyNames() { return {"dpor", "dfs", "pct", "random"}; }

} // namespace lockstep::checker
