// Rules every synchronization object shares, whatever its family: an object initialised
// process-private must not be used from another process (the kernel would not wake that
// process: a real hang in production), and a destroyed object must not be used.
#pragma once

#include "lockstep/models/model.h"

namespace lockstep::models {

// Checks agent's use of object; on a violation writes a misuse verdict and returns its kind.
VerdictKind checkObjectUse(ControlBlock &cb, int agent, uint32_t object, const char *opLabel);

// Agents parked on an operation of `op` kind on object, as a bit mask.
uint64_t agentsParkedOn(const ControlBlock &cb, uint32_t object, OpKind op);

} // namespace lockstep::models
