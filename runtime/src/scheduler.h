// The policy inside the program: which agent performs the next step. It follows the plan the
// checker wrote (one entry per step) and, past the plan, a deterministic default: the agent
// that just yielded continues if it can (no preemption), else the lowest-numbered enabled agent,
// never an agent in the sleep set the checker gave for the end of the plan (ControlBlock::sleep).
// Each decision is appended to the trace with the enabled set, so the checker can compute the
// alternatives without being woken per step.
#pragma once

#include "control_block.h"

namespace lockstep::runtime {

enum class Decision { Chosen, Finished, Stopped };

// Decides the next step. `previous` is the agent that yields (may be retired). On Chosen, *next
// is the agent to run and the step is in the trace. On Stopped a verdict was written (deadlock,
// livelock, divergence), or, with no verdict, cb.sleepBlocked was set: every enabled agent past
// the plan was asleep.
Decision decideNext(protocol::ControlBlock &cb, int previous, int *next);

} // namespace lockstep::runtime
