// The System V message queue model (msgop(2), msgctl(2)). The model keeps each queued message's
// type and size (ControlBlock::sysvMessages, oldest first); the kernel keeps the bytes.
// msgsnd blocks while the message would exceed the queue's msg_qbytes (in bytes, and in
// messages: Linux also caps msg_qnum at msg_qbytes); msgrcv blocks while no message matches
// msgtyp: 0 takes the first message; > 0 the first of that type (with MSG_EXCEPT the first not
// of that type); < 0 the first of the lowest type <= |msgtyp|. A matching message longer than
// the buffer fails with E2BIG and stays queued, unless MSG_NOERROR truncates it. IPC_NOWAIT gives
// EAGAIN (msgsnd) or ENOMSG (msgrcv) instead of blocking; after IPC_RMID every waiter fails with
// EIDRM. A program that queues more than kMaxSysvMessages messages at once gets an Unsupported
// verdict.
#include "lockstep/models/ipc_models.h"

#include <cerrno>

namespace lockstep::models {
namespace {

bool validQueue(const ControlBlock &cb, uint32_t object) {
  return object < static_cast<uint32_t>(cb.objectCount) &&
         cb.objects[object].family == ObjectFamily::SysvMessageQueue;
}

uint32_t tableCount(const ControlBlock &cb) {
  return cb.sysvMessages.count <= kMaxSysvMessages ? cb.sysvMessages.count : kMaxSysvMessages;
}

// The table index of the message msgrcv would take, or -1.
int findMessage(const ControlBlock &cb, uint32_t object, int64_t msgtyp, uint32_t flags) {
  int best = -1;
  for (uint32_t i = 0; i < tableCount(cb); ++i) {
    const SysvMessageEntry &e = cb.sysvMessages.entries[i];
    if (e.object != object)
      continue;
    if (msgtyp == 0)
      return static_cast<int>(i);
    if (msgtyp > 0) {
      if ((e.type == msgtyp) != ((flags & kMsgExcept) != 0))
        return static_cast<int>(i);
      continue;
    }
    if (e.type <= -msgtyp && (best < 0 || e.type < cb.sysvMessages.entries[best].type))
      best = static_cast<int>(i); // the oldest of the lowest type: strict < keeps the first
  }
  return best;
}

bool sendFits(const SysvMessageQueueState &q, uint64_t size) {
  return q.bytes + static_cast<int64_t>(size) <= q.maxBytes && q.count + 1 <= q.maxBytes;
}

void removeEntry(ControlBlock &cb, uint32_t index) {
  const uint32_t n = tableCount(cb);
  for (uint32_t i = index; i + 1 < n; ++i)
    cb.sysvMessages.entries[i] = cb.sysvMessages.entries[i + 1];
  cb.sysvMessages.count = n - 1;
}

Outcome send(ControlBlock &cb, int agent, const PendingOp &op) {
  SysvMessageQueueState &q = cb.objects[op.object].sysvMsg;
  const uint64_t size = cb.payload[agent].words[0];
  if (!sendFits(q, size))
    return {-EAGAIN}; // IPC_NOWAIT (a blocking send is not enabled)
  if (tableCount(cb) >= kMaxSysvMessages)
    return {-ENOSPC, reportBug(cb, agent, VerdictKind::Unsupported,
                               "more than %d System V messages are queued at once; Lockstep "
                               "cannot follow",
                               kMaxSysvMessages)};
  cb.sysvMessages.entries[tableCount(cb)] = SysvMessageEntry{op.object, 0, op.arg, size};
  ++cb.sysvMessages.count;
  q.bytes += static_cast<int64_t>(size);
  ++q.count;
  return {0};
}

Outcome receive(ControlBlock &cb, int agent, const PendingOp &op) {
  SysvMessageQueueState &q = cb.objects[op.object].sysvMsg;
  const int index = findMessage(cb, op.object, op.arg, op.flags);
  if (index < 0)
    return {-ENOMSG}; // IPC_NOWAIT
  const SysvMessageEntry e = cb.sysvMessages.entries[index];
  const uint64_t room = cb.payload[agent].words[0];
  if (e.size > room && (op.flags & kMsgNoerror) == 0)
    return {-E2BIG};
  removeEntry(cb, static_cast<uint32_t>(index));
  q.bytes -= static_cast<int64_t>(e.size);
  --q.count;
  return {static_cast<int64_t>(e.size < room ? e.size : room)};
}

Outcome control(ControlBlock &cb, const PendingOp &op) {
  SysvMessageQueueState &q = cb.objects[op.object].sysvMsg;
  if (op.flags == kMsgctlSet) {
    q.maxBytes = op.arg;
    return {0};
  }
  q.removed = 1;
  for (uint32_t i = tableCount(cb); i-- > 0;) {
    if (cb.sysvMessages.entries[i].object == op.object)
      removeEntry(cb, i);
  }
  q.bytes = 0;
  q.count = 0;
  return {0};
}

} // namespace

uint8_t sysvMessageQueueEnabled(const ControlBlock &cb, int agent, const PendingOp &op) {
  if (!validQueue(cb, op.object) || cb.objects[op.object].sysvMsg.removed != 0 ||
      (op.flags & kMsgNowait) != 0)
    return 1;
  if (op.kind == OpKind::sysv_msgsnd)
    return sendFits(cb.objects[op.object].sysvMsg, cb.payload[agent].words[0]) ? 1 : 0;
  if (op.kind == OpKind::sysv_msgrcv)
    return findMessage(cb, op.object, op.arg, op.flags) >= 0 ? 1 : 0;
  return 1;
}

// Results are 0 or a negated errno value; msgrcv returns the bytes copied.
Outcome sysvMessageQueueApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t) {
  if (op.kind == OpKind::sysv_msgget || !validQueue(cb, op.object))
    return {0};
  if (cb.objects[op.object].sysvMsg.removed != 0)
    return {op.kind == OpKind::sysv_msgctl ? -EINVAL : -EIDRM};
  switch (op.kind) {
  case OpKind::sysv_msgsnd:
    return send(cb, agent, op);
  case OpKind::sysv_msgrcv:
    return receive(cb, agent, op);
  case OpKind::sysv_msgctl:
    return control(cb, op);
  default:
    return {0};
  }
}

} // namespace lockstep::models
