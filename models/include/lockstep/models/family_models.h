// The per-family halves of the model interface (model.h dispatches on the operation's family).
// One pair of functions per primitive; each lives in its own file.
#pragma once

#include "lockstep/models/model.h"

namespace lockstep::models {

uint8_t mutexEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome mutexApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

uint8_t semaphoreEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome semaphoreApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

uint8_t condEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome condApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

uint8_t rwlockEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome rwlockApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

uint8_t barrierEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome barrierApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

// For the cond model: can agent lock the mutex now (free, or a robust mutex whose owner died,
// or destroyed: the misuse is reported when applied)? And lock it, as pthread_mutex_lock would.
bool mutexAcquirable(const ControlBlock &cb, int agent, uint32_t mutex);
Outcome mutexAcquireForCond(ControlBlock &cb, int agent, uint32_t mutex);

uint8_t processEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome processApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

uint8_t threadEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome threadApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

// Effects shared by thread and process exit: the agent is gone; robust mutexes it held are
// marked owner-died lazily by the mutex model.
void retireAgent(ControlBlock &cb, int agent);
// A process ends with the given wait status: every thread retires and it becomes a zombie.
void retireProcess(ControlBlock &cb, int process, int32_t waitStatus);

} // namespace lockstep::models

namespace lockstep::models {

// Registration of new processes and agents, in creation order (deterministic under a plan).
// Return the new index, or -1 when the table is full.
int createProcess(ControlBlock &cb, int parentProcess);
int createAgent(ControlBlock &cb, int process, AgentState initial);

// process_wait results.
inline constexpr int64_t kWaitNothingYet = -1; // WNOHANG and no zombie child
inline constexpr int64_t kWaitNoChild = -2;    // ECHILD
inline constexpr int32_t kWaitAnyChild = -1;   // PendingOp::target of wait(-1)
inline constexpr int32_t kWaitNotAChild = -2;  // the pid named is not a child
inline constexpr uint32_t kWaitNoHang = 1;     // PendingOp::flags

// cond_wait / cond_reacquire: PendingOp::flags bit of a timed wait, the variants of
// cond_reacquire (kVariantTimeout leaves the wait set with ETIMEDOUT), and the result of a
// spurious wakeup (the agent left the wait set and must reacquire the mutex; the call returns 0).
inline constexpr uint32_t kCondTimed = 1;
inline constexpr uint8_t kCondWoken = 0;
inline constexpr uint8_t kCondSpurious = 2;
inline constexpr int64_t kCondSpuriousResult = -1;

// thread_exit result: 1 when the exiting thread was its process's last one.
inline constexpr int64_t kLastThreadExited = 1;

} // namespace lockstep::models
