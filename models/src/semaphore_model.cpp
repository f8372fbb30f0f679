// The POSIX semaphore model (sem_init/sem_open semaphores, process-shared or not). sem_wait is
// enabled while the value is positive. sem_timedwait is one atomic step: it acquires when the
// value is positive and times out when it is zero, so a waiter that is scheduled while the value
// is zero times out, and one scheduled after a post acquires (POSIX: a semaphore that can be
// locked at once never times out).
#include "lockstep/models/family_models.h"
#include "lockstep/models/object_rules.h"

#include <cerrno>
#include <climits>

namespace lockstep::models {
namespace {

const char *labelOf(OpKind op) {
  switch (op) {
  case OpKind::sem_wait:
    return "sem_wait";
  case OpKind::sem_trywait:
    return "sem_trywait";
  case OpKind::sem_timedwait:
    return "sem_timedwait";
  case OpKind::sem_post:
    return "sem_post";
  case OpKind::sem_getvalue:
    return "sem_getvalue";
  case OpKind::sem_destroy:
    return "sem_destroy";
  default:
    return "sem_close";
  }
}

Outcome destroy(ControlBlock &cb, ObjectRecord &o, int agent, uint32_t object) {
  const uint64_t waiters = agentsParkedOn(cb, object, OpKind::sem_wait) |
                           agentsParkedOn(cb, object, OpKind::sem_timedwait);
  if (waiters != 0) {
    char who[16];
    char waiter[16];
    agentName(cb, agent, who, sizeof who);
    agentName(cb, __builtin_ctzll(waiters), waiter, sizeof waiter);
    return {-EBUSY,
            reportBug(cb, agent, VerdictKind::Misuse,
                      "%s destroys semaphore#%u while %s waits on it", who, object, waiter)};
  }
  o.flags |= kObjectDestroyed;
  return {0};
}

} // namespace

uint8_t semaphoreEnabled(const ControlBlock &cb, int /*agent*/, const PendingOp &op) {
  if (op.object == kNoObject) // sem_open: its object is known only after the call
    return 1;
  const ObjectRecord &o = cb.objects[op.object];
  const bool available = o.sem.value > 0 || (o.flags & kObjectDestroyed) != 0;
  switch (op.kind) {
  case OpKind::sem_wait:
    return available ? 1 : 0;
  case OpKind::sem_timedwait:
    return available ? uint8_t{1U << kVariantAcquire} : uint8_t{1U << kVariantTimeout};
  default:
    return 1;
  }
}

// Results are 0 or a negated errno value; sem_getvalue returns the value.
Outcome semaphoreApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant) {
  if (op.object == kNoObject)
    return {0};
  ObjectRecord &o = cb.objects[op.object];
  SemaphoreState &s = o.sem;
  if (op.kind == OpKind::sem_init) {
    s = SemaphoreState{};
    s.value = op.arg;
    o.flags = (o.flags & kObjectShared) | kObjectInitialised | (op.flags != 0 ? kObjectPshared : 0);
    o.homeProcess = cb.agents[agent].process;
    return {0};
  }
  if (op.kind == OpKind::sem_open || op.kind == OpKind::sem_close)
    return {0};
  if (VerdictKind bug = checkObjectUse(cb, agent, op.object, labelOf(op.kind));
      bug != VerdictKind::None)
    return {-EINVAL, bug};
  switch (op.kind) {
  case OpKind::sem_destroy:
    return destroy(cb, o, agent, op.object);
  case OpKind::sem_wait: {
    // Taking the last unit: this wait could not have run before the post that provided it.
    const uint16_t flags = s.value == 1 ? protocol::kStepTookLast : 0;
    --s.value;
    return {0, VerdictKind::None, flags};
  }
  case OpKind::sem_trywait:
    if (s.value <= 0)
      return {-EAGAIN};
    --s.value;
    return {0};
  case OpKind::sem_timedwait:
    if (variant == kVariantTimeout)
      return {-ETIMEDOUT};
    --s.value;
    return {0};
  case OpKind::sem_post:
    if (s.value >= INT_MAX)
      return {-EOVERFLOW};
    ++s.value;
    return {0};
  case OpKind::sem_getvalue:
    return {s.value};
  default:
    return {-EINVAL};
  }
}

} // namespace lockstep::models
