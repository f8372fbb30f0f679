// The POSIX message queue model (mq_overview(7)). A queue holds up to maxMessages messages;
// mq_send blocks while it is full and mq_receive while it is empty, unless the descriptor is
// O_NONBLOCK (EAGAIN). The timed forms are one atomic step, like sem_timedwait: scheduled while
// the call would block they time out, scheduled once it can proceed they go through. The kernel
// keeps the bytes and priorities (the real call, made after the step, delivers the oldest
// message of the highest priority); the model needs only the count. mq_open's object is known
// after the call (the interceptor names it, and sets a created queue's attributes).
#include "lockstep/models/ipc_models.h"

#include <cerrno>

namespace lockstep::models {
namespace {

bool canProceed(const MessageQueueState &q, OpKind kind) {
  return kind == OpKind::mq_send ? q.count < q.maxMessages : q.count > 0;
}

} // namespace

uint8_t messageQueueEnabled(const ControlBlock &cb, int /*agent*/, const PendingOp &op) {
  if (op.object == kNoObject || (op.flags & kIpcFailsAtOnce) != 0)
    return 1;
  if (op.kind != OpKind::mq_send && op.kind != OpKind::mq_receive)
    return 1;
  if (canProceed(cb.objects[op.object].mq, op.kind))
    return uint8_t{1U << kVariantAcquire};
  if ((op.flags & kIpcNonblocking) != 0)
    return uint8_t{1U << kVariantAcquire}; // fails with EAGAIN
  if ((op.flags & kIpcTimed) != 0)
    return uint8_t{1U << kVariantTimeout};
  return 0;
}

// Results are 0 or a negated errno value; mq_getattr returns the number of queued messages.
Outcome messageQueueApply(ControlBlock &cb, int /*agent*/, const PendingOp &op, uint8_t variant) {
  if ((op.flags & kIpcFailsAtOnce) != 0)
    return {-op.arg};
  if (op.object == kNoObject)
    return {0};
  MessageQueueState &q = cb.objects[op.object].mq;
  switch (op.kind) {
  case OpKind::mq_send:
  case OpKind::mq_receive:
    if (canProceed(q, op.kind)) {
      q.count += op.kind == OpKind::mq_send ? 1 : -1;
      return {0};
    }
    if ((op.flags & kIpcNonblocking) != 0)
      return {-EAGAIN};
    return {variant == kVariantTimeout ? -ETIMEDOUT : -EAGAIN};
  case OpKind::mq_getattr:
    return {q.count};
  default:
    return {0};
  }
}

} // namespace lockstep::models
