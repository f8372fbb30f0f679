// The model of atomic locations (family Atomic) and of spin loops. Atomics are sequentially
// consistent: the runtime performs each visible atomic access during its agent's turn, so the
// trace order is the memory order, and reports what it read and wrote through atomicCompleted().
// An atomic access is always enabled; what the model adds is the spin rule (docs/spin-loops.md):
// an agent whose pending access exactly repeats an access of its current spin run, while no
// location of that run was changed since, is spin-blocked: the scheduler runs it only when no
// other agent can run, and reports a livelock when it keeps spinning alone.
#pragma once

#include "lockstep/models/model.h"

#include <cstddef>

namespace lockstep::models {

// PendingOp::flags of an atomic access: size in bytes (bits 0-7), memory order (8-11), failure
// order of a cmpxchg (12-15), RMW operation (16-23, an enum __lockstep_rmw_op).
inline constexpr uint32_t atomicFlags(uint32_t size, uint32_t order, uint32_t failureOrder,
                                      uint32_t rmwOp) {
  return (size & 0xff) | (order & 0xf) << 8 | (failureOrder & 0xf) << 12 | (rmwOp & 0xff) << 16;
}
inline constexpr uint32_t atomicSize(uint32_t flags) { return flags & 0xff; }
inline constexpr uint32_t atomicRmwOp(uint32_t flags) { return (flags >> 16) & 0xff; }

// Consecutive steps forced on spin-blocked agents (no other agent enabled) before the execution
// is reported as a livelock. A spin-blocked agent repeats an access that changes nothing, so a
// true spin loop never ends; the bound only lets bounded retry loops (try N times, then give up)
// run to their end.
inline constexpr uint32_t kSpinLivelockSteps = 1000;

uint8_t atomicEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome atomicApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

// The runtime performed agent's pending atomic access: the location held `before` and holds
// `after`. Updates the location (its version when the value changed) and the agent's spin run.
// `desired` is the cmpxchg's desired value (0 otherwise).
void atomicCompleted(ControlBlock &cb, int agent, const PendingOp &op, uint64_t desired,
                     uint64_t before, uint64_t after);

// Race focus (docs/races.md): the agent's memory_load or memory_store of a focused plain location
// ran; `value` is what the location's granule holds now. A load joins the agent's spin run like
// an atomic load, so a plain `while (!flag)` under focus is a spin loop too. For a store the
// runtime calls this once the store has run (before the agent's next visible operation), with
// `write` true when it changed the granule (a change: spinners may wake) and false when it stored
// the bytes already there (it joins the spin run like a load).
void memoryAccessed(ControlBlock &cb, int agent, const PendingOp &op, bool write, uint64_t value);

// The agent performs a step of another family: its spin run ends (it did something visible).
void spinStepTaken(ControlBlock &cb, int agent, const PendingOp &op);

// True when agent's pending operation is an atomic access that repeats an access of its spin run
// exactly (same location, operation, operands, call site) while no location of the run changed.
bool spinBlocked(const ControlBlock &cb, int agent);

// The agents of `candidates` that are spin-blocked, as a mask.
uint64_t spinBlockedAgents(const ControlBlock &cb, uint64_t candidates);

// "P1 spins reading atomic#2 (and 1 more location) that no other agent can change".
void describeSpin(const ControlBlock &cb, int agent, char *out, size_t size);

} // namespace lockstep::models
