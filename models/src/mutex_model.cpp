// The pthread mutex model: normal, recursive and error-checking mutexes, process-shared or not,
// robust or not. Follows POSIX and glibc: a robust mutex whose owner died is acquired with
// EOWNERDEAD, becomes consistent through pthread_mutex_consistent, and is unrecoverable once
// unlocked while inconsistent. A non-robust mutex whose owner died stays locked forever.
// Undefined behaviour that POSIX leaves to the implementation is reported as misuse.
#include "lockstep/models/check.h"
#include "lockstep/models/family_models.h"
#include "lockstep/models/object_rules.h"

#include <cerrno>

namespace lockstep::models {
namespace {

const char *callName(OpKind op) {
  switch (op) {
  case OpKind::mutex_destroy:
    return "pthread_mutex_destroy";
  case OpKind::mutex_unlock:
    return "pthread_mutex_unlock";
  case OpKind::mutex_trylock:
    return "pthread_mutex_trylock";
  case OpKind::mutex_consistent:
    return "pthread_mutex_consistent";
  case OpKind::mutex_timedlock:
    return "pthread_mutex_timedlock";
  default:
    return "pthread_mutex_lock";
  }
}

bool ownerDead(const ControlBlock &cb, const MutexState &m) {
  return m.owner >= 0 && agentGone(cb, m.owner);
}

void takeOwnership(MutexState &m, int agent) {
  m.owner = agent;
  m.count = 1;
}

// Locking when the mutex is free, or owned by a dead owner of a robust mutex.
Outcome acquireFree(ControlBlock &cb, MutexState &m, int agent) {
  if (m.unrecoverable != 0)
    return {ENOTRECOVERABLE};
  if (m.owner >= 0) { // robust, owner died
    takeOwnership(m, agent);
    m.inconsistent = 1;
    (void)cb;
    return {EOWNERDEAD};
  }
  takeOwnership(m, agent);
  return {0};
}

Outcome relock(ControlBlock &cb, MutexState &m, int agent, uint32_t object, bool isTry) {
  if (m.type == MutexType::Recursive) {
    ++m.count;
    return {0};
  }
  if (isTry)
    return {EBUSY};
  if (m.type == MutexType::ErrorCheck)
    return {EDEADLK};
  char who[16];
  agentName(cb, agent, who, sizeof who);
  return {0, reportBug(cb, agent, VerdictKind::Misuse,
                       "%s locks mutex#%u, which it already holds: a normal mutex self-deadlocks",
                       who, object)};
}

Outcome unlock(ControlBlock &cb, MutexState &m, int agent, uint32_t object) {
  if (m.owner != agent) {
    char who[16];
    char owner[16] = "nobody";
    agentName(cb, agent, who, sizeof who);
    if (m.owner >= 0)
      agentName(cb, m.owner, owner, sizeof owner);
    return {EPERM, reportBug(cb, agent, VerdictKind::Misuse,
                             "%s unlocks mutex#%u, which it does not hold (held by %s)", who,
                             object, owner)};
  }
  if (m.count > 1) {
    --m.count;
    return {0};
  }
  if (m.inconsistent != 0) {
    m.unrecoverable = 1;
    m.inconsistent = 0;
  }
  m.owner = -1;
  m.count = 0;
  return {0};
}

Outcome initialise(ControlBlock &cb, ObjectRecord &o, int agent, const PendingOp &op,
                   uint32_t object) {
  MutexState &m = o.mutex;
  if (m.owner >= 0 && !agentGone(cb, m.owner) && (o.flags & kObjectDestroyed) == 0) {
    char who[16];
    agentName(cb, agent, who, sizeof who);
    return {0, reportBug(cb, agent, VerdictKind::Misuse,
                         "%s initialises mutex#%u while it is locked", who, object)};
  }
  m = MutexState{};
  m.owner = -1;
  m.type = static_cast<MutexType>(op.arg & 3);
  m.robust = (op.arg & 4) != 0 ? 1 : 0;
  o.flags =
      (o.flags & kObjectShared) | kObjectInitialised | ((op.arg & 8) != 0 ? kObjectPshared : 0);
  o.homeProcess = cb.agents[agent].process;
  return {0};
}

Outcome destroy(ControlBlock &cb, ObjectRecord &o, int agent, uint32_t object) {
  if (o.mutex.owner >= 0 && !ownerDead(cb, o.mutex)) {
    char who[16];
    char owner[16];
    agentName(cb, agent, who, sizeof who);
    agentName(cb, o.mutex.owner, owner, sizeof owner);
    return {EBUSY, reportBug(cb, agent, VerdictKind::Misuse,
                             "%s destroys mutex#%u while %s holds it", who, object, owner)};
  }
  o.flags |= kObjectDestroyed;
  return {0};
}

} // namespace

bool mutexAcquirable(const ControlBlock &cb, int /*agent*/, uint32_t mutex) {
  const ObjectRecord &o = cb.objects[mutex];
  const MutexState &m = o.mutex;
  return (o.flags & kObjectDestroyed) != 0 || m.owner < 0 || (m.robust != 0 && ownerDead(cb, m));
}

Outcome mutexAcquireForCond(ControlBlock &cb, int agent, uint32_t mutex) {
  if (VerdictKind bug = checkObjectUse(cb, agent, mutex, "pthread_cond_wait");
      bug != VerdictKind::None)
    return {EINVAL, bug};
  MutexState &m = cb.objects[mutex].mutex;
  LOCKSTEP_CHECK(m.owner != agent);
  return acquireFree(cb, m, agent);
}

// pthread_mutex_lock is enabled when it can take the mutex, or when the call returns at once
// (relock, misuse). pthread_mutex_timedlock acquires in the same cases and times out otherwise
// (a normal mutex relocked by its owner waits for the deadline: it times out).
uint8_t mutexEnabled(const ControlBlock &cb, int agent, const PendingOp &op) {
  if (op.kind != OpKind::mutex_lock && op.kind != OpKind::mutex_timedlock)
    return 1;
  const ObjectRecord &o = cb.objects[op.object];
  const MutexState &m = o.mutex;
  bool proceeds = mutexAcquirable(cb, agent, op.object) || m.owner == agent;
  if (op.kind == OpKind::mutex_lock)
    return proceeds ? 1 : 0; // misuse and relock are decided when applied
  if (m.owner == agent && m.type == MutexType::Normal && (o.flags & kObjectDestroyed) == 0)
    proceeds = false;
  return proceeds ? uint8_t{1U << kVariantAcquire} : uint8_t{1U << kVariantTimeout};
}

Outcome mutexApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant) {
  ObjectRecord &o = cb.objects[op.object];
  MutexState &m = o.mutex;
  if (op.kind == OpKind::mutex_init)
    return initialise(cb, o, agent, op, op.object);
  const char *label = callName(op.kind);
  if (VerdictKind bug = checkObjectUse(cb, agent, op.object, label); bug != VerdictKind::None)
    return {EINVAL, bug};
  switch (op.kind) {
  case OpKind::mutex_destroy:
    return destroy(cb, o, agent, op.object);
  case OpKind::mutex_timedlock:
    if (variant == kVariantTimeout)
      return {ETIMEDOUT};
    [[fallthrough]];
  case OpKind::mutex_lock:
  case OpKind::mutex_trylock: {
    const bool isTry = op.kind == OpKind::mutex_trylock;
    if (m.owner == agent)
      return relock(cb, m, agent, op.object, isTry);
    if (m.owner < 0 || (m.robust != 0 && ownerDead(cb, m)))
      return acquireFree(cb, m, agent);
    LOCKSTEP_CHECK(isTry);
    return {EBUSY};
  }
  case OpKind::mutex_unlock:
    return unlock(cb, m, agent, op.object);
  case OpKind::mutex_consistent:
    if (m.robust == 0 || m.inconsistent == 0 || m.owner != agent)
      return {EINVAL};
    m.inconsistent = 0;
    return {0};
  default:
    return {EINVAL};
  }
}

} // namespace lockstep::models
