// The models of issue 5's kernel IPC objects: POSIX message queues and System V semaphore sets
// (model.cpp dispatches to them on the operation's family), and the constants their
// interceptors and the models share.
#pragma once

#include "lockstep/models/model.h"

namespace lockstep::models {

uint8_t messageQueueEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome messageQueueApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

uint8_t sysvSemaphoreEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome sysvSemaphoreApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

uint8_t sysvMessageQueueEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome sysvMessageQueueApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

// msgsnd/msgrcv flags (msgop(2)) as the model reads them from PendingOp::flags.
inline constexpr uint32_t kMsgNowait = 04000;   // IPC_NOWAIT
inline constexpr uint32_t kMsgNoerror = 010000; // MSG_NOERROR
inline constexpr uint32_t kMsgExcept = 020000;  // MSG_EXCEPT
inline constexpr uint32_t kMsgctlRmid = 0;      // IPC_RMID
inline constexpr uint32_t kMsgctlSet = 1;       // IPC_SET: arg is the new msg_qbytes

// The SEM_UNDO adjustments of a process that exits are applied to its semaphores.
void applySemUndo(ControlBlock &cb, int process);

// PendingOp::flags of mq_send and mq_receive, and of sysv_semop.
inline constexpr uint32_t kIpcNonblocking = 1U << 0; // O_NONBLOCK / IPC_NOWAIT: EAGAIN
inline constexpr uint32_t kIpcTimed = 1U << 1;       // timed form: may time out (ETIMEDOUT)
// The call fails at once with the errno value in PendingOp::arg (a bad descriptor, a message
// too long...), whatever the state: the interceptor found it out before the call.
inline constexpr uint32_t kIpcFailsAtOnce = 1U << 2; // mq_* and sysv_semop only

// sysv_semop: the payload holds one word per sembuf: semaphore number (bits 0-15), sem_op as
// int16 (bits 16-31), sem_flg (bits 32-47).
inline constexpr int kMaxSemops = kPayloadWords;
inline uint64_t packSembuf(uint16_t num, int16_t op, uint16_t flags) {
  return uint64_t{num} | uint64_t{static_cast<uint16_t>(op)} << 16 | uint64_t{flags} << 32;
}
inline uint16_t sembufNum(uint64_t w) { return static_cast<uint16_t>(w); }
inline int16_t sembufOp(uint64_t w) { return static_cast<int16_t>(static_cast<uint16_t>(w >> 16)); }
inline uint16_t sembufFlags(uint64_t w) { return static_cast<uint16_t>(w >> 32); }
inline constexpr uint16_t kSemUndoFlag = 0x1000;  // SEM_UNDO
inline constexpr uint16_t kSemNowaitFlag = 04000; // IPC_NOWAIT

// sysv_semctl: PendingOp::flags is the command; arg the value (SETVAL) and target the
// semaphore number. SETALL passes its values in the payload.
inline constexpr uint32_t kSemctlGetval = 12;  // GETVAL
inline constexpr uint32_t kSemctlGetall = 13;  // GETALL (the interceptor reads the real set)
inline constexpr uint32_t kSemctlGetncnt = 14; // GETNCNT
inline constexpr uint32_t kSemctlGetzcnt = 15; // GETZCNT
inline constexpr uint32_t kSemctlSetval = 16;  // SETVAL
inline constexpr uint32_t kSemctlSetall = 17;  // SETALL
inline constexpr uint32_t kSemctlRmid = 0;     // IPC_RMID
inline constexpr uint32_t kSemctlOther = 1000; // IPC_STAT, IPC_SET, IPC_INFO...: no model effect

} // namespace lockstep::models
