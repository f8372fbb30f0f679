// The race detector: happens-before by vector clocks (models/sync_effects.h) over every visible
// step, and the FastTrack check (models/race_shadow.h) of every plain and atomic access to
// tracked memory (see shadow_memory.h). A race is copied into ControlBlock::races, once per
// pair of code locations per execution, and the execution goes on: the same execution may still
// show the race's consequence (a failed assertion). The checker turns each record into a
// `data-race` report.
#pragma once

#include "lockstep_abi.h"

#include "control_block.h"
#include "lockstep/models/model.h"

#include <cstddef>
#include <cstdint>

namespace lockstep::runtime {

// The fast path's state, private to this process: __lockstep_filter (lockstep_abi.h), the bounds
// of its shared ranges and where to read its live thread count (kThreadsUnknown: not known yet,
// ask the slow path; a pointer to 0 when the runtime is inert), which the pass also inlines.
extern const int32_t kThreadsUnknown __attribute__((visibility("hidden")));

// The calling thread's current epoch as the fast path compares it with a shadow cell read as a
// word: its own clock entry | agent << 16 (race_fast_path.h). 0 when not known: then the slow
// path runs, and sets it again when no location is focused (race focus makes every access to a
// focused granule go the slow way). Cleared whenever the thread's own clock entry may tick (after
// each visible step, at atomic releases and fences) and in a forked child (whose thread is
// another agent). One TLS load replaces the loads of the control block, the agent index and the
// region's clock.
// (Declared in lockstep_abi.h: the pass's inlined test reads it too.)

// False when an access to address certainly needs no check: it is outside every shared range and
// the process has one thread. One subtraction and compare, one load: the private-memory cost.
inline bool maybeTracked(const void *address) {
  return reinterpret_cast<uintptr_t>(address) - __lockstep_filter.low < __lockstep_filter.span ||
         *__lockstep_filter.threads > 1;
}

// After agent's visible step (its model applied): applies the step's synchronization effect.
void raceAfterStep(int agent, const protocol::PendingOp &op, uint8_t variant,
                   const models::Outcome &outcome);

// A process of the program ended without its own exit step (killed by a signal another agent
// sent): everything its agents did happens before its end, which its parent's wait acquires.
void raceProcessEnded(int process);

// A plain access of `size` bytes (any size; split into granules).
void raceAccess(const void *address, uint64_t size, bool write, const __lockstep_srcloc *loc);

// Atomic accesses, called by the atomic callbacks around the operation (orders are
// __lockstep_memory_order values). Load: acquire (or collect for a later acquire fence);
// store: release (or release the last release fence's clock); an RMW or a successful
// compare-exchange does both with its order; a failed compare-exchange is a load with the
// failure order. Each is also checked as an atomic access against plain ones.
void raceAtomicLoad(const void *address, uint32_t size, int order, const __lockstep_srcloc *loc);
void raceAtomicStore(const void *address, uint32_t size, int order, const __lockstep_srcloc *loc);
void raceAtomicRmw(const void *address, uint32_t size, int order, const __lockstep_srcloc *loc);
void raceAtomicFence(int order);

// True when this process's private memory is tracked now (it has more than one live thread).
bool racePrivateTracked();

// The memory [address, address + size) is given back (free, munmap of private memory): its
// shadow is forgotten, so a later allocation at the same address starts clean.
void raceForget(const void *address, uint64_t size);

} // namespace lockstep::runtime
