// The run summary: one line for the terminal, and the JSON file a CI job reads
// (docs/output.md lists its fields).
#pragma once

#include "engine/explorer.h"

#include <nlohmann/json.hpp>

namespace lockstep::checker {

std::string summaryLine(const ExploreResult &result);

nlohmann::json summaryJson(const ExploreResult &result, const Program &program,
                           const std::string &strategy,
                           const std::vector<std::string> &schedulePaths);

} // namespace lockstep::checker
