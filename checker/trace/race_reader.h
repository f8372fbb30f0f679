// Reading the data races of an execution out of the control block (ControlBlock::races), with
// every field validated, into data-race bugs.
#pragma once

#include "trace/execution.h"

namespace lockstep::checker {

// The races the runtime recorded; throws CorruptControlBlock-style runtime_error via the trace
// reader's rules when a field is out of range.
std::vector<Bug> readRaces(const protocol::ControlBlock &cb,
                           const std::vector<std::string> &agentNames);

} // namespace lockstep::checker
