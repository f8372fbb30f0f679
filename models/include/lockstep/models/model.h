// The model interface: for every visible operation, when it is enabled and what it does to the
// model state kept in the control block. The runtime asks enabledVariants() for every parked
// agent when it picks the next one, and calls apply() when the chosen agent performs its
// operation; it then makes the real call on the real kernel object, which by construction
// cannot block. The checker uses the same functions to explain a trace (who waits on what).
//
// A "variant" is one outcome of an operation that the exploration chooses (for example a timed
// wait that times out instead of acquiring). enabledVariants() returns the bit mask of the
// variants that can happen now; 0 means the agent is blocked.
//
// Models do no I/O and know nothing of processes or files: they read and write the plain state
// of the control block. Bugs in the program (misuse, a self-deadlock) are returned as an
// Outcome with a verdict kind, and their message is written into cb.verdict.
#pragma once

#include "control_block.h"

namespace lockstep::models {

using namespace protocol; // the models speak the protocol's vocabulary

struct Outcome {
  int64_t result = 0; // the value the intercepted call returns (an errno value for pthread calls)
  VerdictKind bug = VerdictKind::None;
  uint16_t stepFlags = 0; // protocol::kStep* facts of the step, recorded in its StepRecord
};

// Variant numbers shared by the timed operations.
inline constexpr uint8_t kVariantAcquire = 0;
inline constexpr uint8_t kVariantTimeout = 1;

// Bit mask of the variants of agent's pending operation that are enabled now.
uint8_t enabledVariants(const ControlBlock &cb, int agent);

// Applies agent's pending operation with the chosen variant to the model state.
Outcome apply(ControlBlock &cb, int agent, uint8_t variant);

// Writes the verdict (the first one of an execution wins) and returns its kind.
VerdictKind reportBug(ControlBlock &cb, int agent, VerdictKind kind, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

// "P1" or "P1.T2": how agents are named in every report (never kernel pids).
void agentName(const ControlBlock &cb, int agent, char *out, size_t size);

// True when agent's process has no live thread left, or the agent itself exited.
bool agentGone(const ControlBlock &cb, int agent);

} // namespace lockstep::models
