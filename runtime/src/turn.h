// The turn handoff: exactly one agent runs program code at a time.
//
// Overview. An agent that reaches a visible operation publishes it as its pending operation and
// calls performVisible(). The scheduler (scheduler.h) then picks the next agent among those
// whose pending operation is enabled, following the checker's plan and then a deterministic
// default policy, and writes the step into the trace. If it picked someone else, the turn
// passes by that agent's futex word in the control block and the caller sleeps on its own word
// until an agent picks it. Once the caller holds the turn again it applies its operation to the
// model and returns the outcome; the interceptor then makes the real call, which cannot block.
//
// A newly created agent (forked process, new thread) first runs eagerly, while its creator waits,
// up to its first visible operation; it then hands the turn straight back to its creator. So
// creation does not add scheduling points of its own, and the code between visible operations
// always runs alone.
//
// Fail closed: a parked agent wakes every second to check that the checker is still alive, and
// ends its process if not.
#pragma once

#include "lockstep/models/check.h"
#include "lockstep/models/model.h"

namespace lockstep::runtime {

using namespace protocol;

// Publishes op for the calling agent, waits for its turn, applies the operation to the model.
// Never returns when the operation reveals a bug: the execution is stopped.
models::Outcome performVisible(const PendingOp &op);

// The step record of the operation the calling agent is performing (valid after
// performVisible returned, until the next visible operation).
StepRecord &currentStep();

// The calling agent has retired (it exited): pass the turn on without waiting for it back.
void leaveTurn();

// Creation of agents: the creator gives up the turn before the real fork/pthread_create and
// waits here until the new agent reaches its first visible operation.
void prepareToCreate(int child);
void waitForCreated();

// Stops the execution after a verdict was written: wakes the checker and never returns.
[[noreturn]] void stopExecution();

// Marks the execution finished (no agent left) and wakes the checker.
void finishExecution();

// Blocks the calling agent until the checker ends the process (used after a verdict).
[[noreturn]] void parkForever();

} // namespace lockstep::runtime
