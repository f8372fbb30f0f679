// Race focus (issue 3 item 7, docs/races.md): after the main search, a second search in which
// the plain accesses of the locations the main search found racing are visible operations, so
// the strategy orders them and can show the race's consequence. Its bugs are added to the run's
// bugs, each naming the focused locations and the race it follows from; so are the races it
// finds on new pairs of code locations.
#pragma once

#include "engine/executor.h"
#include "engine/explorer.h"
#include "strategy/strategy_factory.h"

#include <optional>
#include <string>
#include <vector>

namespace lockstep::checker {

// Writes the locations into the control block's focus table (at most kMaxFocus).
void writeFocus(protocol::FocusTable &table, const std::vector<FocusLocation> &focus);

// "anonymous shared mapping+0x0, /dev/shm/x+0x8, private memory in prog+0x4010"
std::string describeFocus(const FocusLocation &focus);
std::string describeFocus(const std::vector<FocusLocation> &focus);

// The kind's name in schedules and summaries ("shared", "module", "address"), and back.
const char *focusKindName(protocol::FocusKind kind);
std::optional<protocol::FocusKind> focusKindNamed(const std::string &name);

struct FocusRun {
  bool ran = false;
  std::string skipped;     // why it did not run ("", "no shared race", "max-executions"...)
  ExecutorOptions options; // the executor options of its executions (with the focus)
  ExploreResult result;    // its own search
  size_t firstBug = 0;     // index in the main result's bugs of its first bug
};

// Runs the focused search when the main search found races it can name and left budget, and
// appends its new bugs (not already reported: Bug::key) to main.bugs.
FocusRun runRaceFocus(const Program &program, const std::string &runtimeLibrary,
                      const ExecutorOptions &options, const StrategyOptions &strategy,
                      const ExploreOptions &exploreOptions, ExploreResult &main);

} // namespace lockstep::checker
