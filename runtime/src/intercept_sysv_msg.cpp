// Interceptors for System V message queues: msgget, msgsnd, msgrcv, msgctl. A queue is named by
// its id (KeySpace::SysV). The model (models/src/sysv_message_queue_model.cpp) knows each queued
// message's type and size, decides whether a send or receive proceeds and which message a
// receive takes; the real call is then made with IPC_NOWAIT (it cannot block) and takes the same
// message from the kernel. Errors that do not depend on the queue's state (an unknown id, a bad
// type or size) are returned before the step. Queues an execution creates are recorded and
// removed by the checker (msgctl IPC_RMID) after it.
#include "kernel_objects.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "sysv_get.h"
#include "turn.h"
#include "visible_op.h"

#include "lockstep/models/ipc_models.h"

#include <cerrno>
#include <cstdio>
#include <sys/ipc.h>
#include <sys/msg.h>

using namespace lockstep::runtime;
namespace models = lockstep::models;

namespace {

constexpr size_t kMsgmax = 8192; // /proc/sys/kernel/msgmax default
constexpr int kMsgCopy = 040000; // MSG_COPY

int failWith(int error) {
  errno = error;
  return -1;
}

// The object of a queue id, or kNoObject when the kernel knows no such queue. A queue seen for
// the first time takes its limits from the kernel; one that already holds messages (created
// before the run) cannot be followed: their types are unknown.
uint32_t queueOf(int msqid, const void *pc, bool fresh = false) {
  msqid_ds ds{};
  if (msqid < 0 || LOCKSTEP_REAL(msgctl)(msqid, IPC_STAT, &ds) != 0)
    return kNoObject;
  ObjectKey key{};
  key.space = KeySpace::SysV;
  key.device = static_cast<uint64_t>(NamedKind::SysvMessageQueue);
  key.inode = static_cast<uint32_t>(msqid);
  bool created = false;
  const uint32_t object = objectForKey(key, ObjectFamily::SysvMessageQueue, &created);
  if (created || fresh) {
    if (ds.msg_qnum != 0)
      refuseCall(pc, "a System V message queue that already held messages before the run",
                 "cannot follow (their types are unknown)");
    ObjectRecord &o = gControl->objects[object];
    o.sysvMsg = SysvMessageQueueState{};
    o.sysvMsg.id = msqid;
    o.sysvMsg.maxBytes = static_cast<int64_t>(ds.msg_qbytes);
    snprintf(o.where, kWhereSize, "msqid %d", msqid);
  }
  return object;
}

} // namespace

extern "C" int msgget(key_t key, int flags) {
  if (!modelled())
    return LOCKSTEP_REAL(msgget)(key, flags);
  const void *pc = __builtin_return_address(0);
  bool created = false;
  const int msqid =
      sysvGetStep({"msgget", OpKind::sysv_msgget, NamedKind::SysvMessageQueue}, pc, key, flags,
                  &created, [key](int how) { return LOCKSTEP_REAL(msgget)(key, how); });
  if (msqid < 0)
    return msqid;
  const uint32_t object = queueOf(msqid, pc, created);
  if (object != kNoObject)
    currentStep().object = object;
  return msqid;
}

extern "C" int msgsnd(int msqid, const void *message, size_t size, int flags) {
  if (!modelled())
    return LOCKSTEP_REAL(msgsnd)(msqid, message, size, flags);
  const void *pc = __builtin_return_address(0);
  const uint32_t object = queueOf(msqid, pc);
  if (object == kNoObject)
    return failWith(EINVAL);
  const long type = *static_cast<const long *>(message);
  if (type < 1 || size > kMsgmax)
    return failWith(EINVAL);
  gControl->payload[tAgent].count = 1;
  gControl->payload[tAgent].words[0] = size;
  PendingOp op = makeOp(OpKind::sysv_msgsnd, pc, object);
  op.arg = type;
  op.flags = static_cast<uint32_t>(flags);
  const int64_t result = performVisible(op).result;
  if (result < 0)
    return failWith(static_cast<int>(-result));
  return LOCKSTEP_REAL(msgsnd)(msqid, message, size, flags | IPC_NOWAIT);
}

extern "C" ssize_t msgrcv(int msqid, void *message, size_t size, long msgtyp, int flags) {
  if (!modelled())
    return LOCKSTEP_REAL(msgrcv)(msqid, message, size, msgtyp, flags);
  const void *pc = __builtin_return_address(0);
  if ((flags & kMsgCopy) != 0)
    refuseCall(pc, "msgrcv with MSG_COPY", "does not model yet");
  const uint32_t object = queueOf(msqid, pc);
  if (object == kNoObject)
    return failWith(EINVAL);
  if (static_cast<ssize_t>(size) < 0)
    return failWith(EINVAL);
  gControl->payload[tAgent].count = 1;
  gControl->payload[tAgent].words[0] = size;
  PendingOp op = makeOp(OpKind::sysv_msgrcv, pc, object);
  op.arg = msgtyp;
  op.flags = static_cast<uint32_t>(flags);
  const int64_t result = performVisible(op).result;
  if (result < 0)
    return failWith(static_cast<int>(-result));
  return LOCKSTEP_REAL(msgrcv)(msqid, message, size, msgtyp, flags | IPC_NOWAIT);
}

extern "C" int msgctl(int msqid, int command, struct msqid_ds *buffer) {
  if (!modelled() || (command != IPC_RMID && command != IPC_SET))
    return LOCKSTEP_REAL(msgctl)(msqid, command, buffer);
  const void *pc = __builtin_return_address(0);
  const uint32_t object = queueOf(msqid, pc);
  if (object == kNoObject)
    return failWith(EINVAL);
  if (command == IPC_SET && buffer == nullptr)
    return failWith(EFAULT);
  PendingOp op = makeOp(OpKind::sysv_msgctl, pc, object);
  op.flags = command == IPC_RMID ? models::kMsgctlRmid : models::kMsgctlSet;
  if (command == IPC_SET)
    op.arg = static_cast<int64_t>(buffer->msg_qbytes);
  const int64_t result = performVisible(op).result;
  if (result < 0)
    return failWith(static_cast<int>(-result));
  const int rc = LOCKSTEP_REAL(msgctl)(msqid, command, buffer);
  if (rc == 0 && command == IPC_RMID)
    forgetSysvId(NamedKind::SysvMessageQueue, msqid);
  return rc;
}
