// What every visible operation synchronizes: the declarative half of happens-before. For an
// operation that was just applied (its model state updated, its outcome known), syncEffectOf
// names the clocks the agent RELEASES into (its vector clock is joined into them) and the
// clocks it ACQUIRES (they are joined into its vector clock). The runtime applies the effect
// right after the step (applySyncEffect); the race detector then compares plain accesses
// against the agents' clocks.
//
// A clock is named by a ClockRef: a synchronization object's clock, an agent's start clock
// (released by fork / pthread_create, acquired by the new agent's first step), an agent's exit
// clock (thread exit → join) or a process's exit clock (exit → the wait that reaps it).
// A new family (pipes, message queues, sockets...) adds its case to syncEffectOf: for example
// pipe_write releases Object(pipe) and pipe_read acquires it.
//
// The rules (release → acquire): mutex unlock → later lock; sem_post → the wait it satisfies;
// cond_wait releases the mutex and cond_reacquire acquires it again, and signal/broadcast →
// the woken waiter (POSIX lists them among the calls that synchronize memory); rwlock unlock →
// later rdlock/wrlock; barrier: every arrival → every departure of the generation; fork and
// pthread_create → the new agent's first step; thread exit → join; process exit → the wait that
// reaps it. Atomics (the runtime's atomic callbacks) use the same ClockStore through
// atomicLoadEffect / atomicStoreEffect in the race detector.
#pragma once

#include "lockstep/models/model.h"
#include "lockstep/models/vector_clock.h"

namespace lockstep::models {

enum class ClockKind : uint8_t {
  None = 0,
  Object,      // index: object index (ControlBlock::objects)
  AgentStart,  // index: agent index; released by its creator, acquired at its first step
  AgentExit,   // index: agent index; released by thread exit, acquired by pthread_join
  ProcessExit, // index: process index; released when it ends, acquired by the reaping wait
};

struct ClockRef {
  ClockKind kind = ClockKind::None;
  uint32_t index = 0;
};

inline constexpr int kMaxClockRefs = 2;

// Applied in this order: releases (then the agent's own component ticks when it released
// anything), then acquires.
struct SyncEffect {
  ClockRef release[kMaxClockRefs];
  ClockRef acquire[kMaxClockRefs];
};

// The effect of agent's operation `op` performed with `variant` and outcome `outcome` (the model
// state in cb is the state after the operation).
SyncEffect syncEffectOf(const ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant,
                        const Outcome &outcome);

// Every clock of one execution; lives in shared memory (the runtime's race region), zero at the
// start of the execution. An agent's clock is started lazily (startAgentClock).
struct ClockStore {
  VectorClock agent[kMaxAgents];
  VectorClock agentStart[kMaxAgents];
  VectorClock agentExit[kMaxAgents];
  VectorClock processExit[kMaxProcesses];
  VectorClock object[kMaxObjects];
};

// The clock a ClockRef names, or nullptr when it names none (kind None, index out of range).
VectorClock *clockOf(ClockStore &store, ClockRef ref);

// Starts agent's clock at its first use: it inherits its start clock and its own component is 1.
void startAgentClock(ClockStore &store, int agent);

// Applies an effect to agent's clock and the clocks it names.
void applySyncEffect(ClockStore &store, int agent, const SyncEffect &effect);

// Release: `into` := `into` ⊔ C_agent, then the agent's component ticks. Acquire: C_agent ⊔= from.
void releaseInto(ClockStore &store, int agent, VectorClock &into);
void acquireFrom(ClockStore &store, int agent, const VectorClock &from);

} // namespace lockstep::models
