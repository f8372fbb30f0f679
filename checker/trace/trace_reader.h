// Reads an execution out of the control block after the program is done. Every count, index
// and string is checked, since the program under test may have scribbled on the block; a
// corrupted block yields an internal error rather than a crash of the checker.
#pragma once

#include "trace/execution.h"

namespace lockstep::checker {

struct ExitCodePolicy {
  std::vector<int> allowed; // exit codes that are not bugs besides 0
};

// Builds the Execution from a snapshot of the control block (`cb` is a private copy; the trace
// is read from `trace`). Also turns the runtime's verdict, and non-zero exits, into a Bug.
Execution readExecution(const protocol::ControlBlock &cb, const protocol::StepRecord *trace,
                        const ExitCodePolicy &exits);

} // namespace lockstep::checker
