// The pthread read-write lock model (process-shared or not), following glibc. A read lock is
// taken while no writer holds the lock; with the PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP
// kind, new read locks also wait while a writer waits for readers to leave (a writer that is
// parked on a write lock the readers hold counts as waiting). The default kind and
// PTHREAD_RWLOCK_PREFER_WRITER_NP prefer readers, as in glibc. A write lock is taken when nobody
// holds the lock. The timed variants acquire when they can and time out otherwise, in one step
// (as sem_timedwait). Read locks are recursive per agent. A lock already held for writing by the
// caller gives EDEADLK; a write lock requested while the caller holds a read lock on it, which
// glibc lets wait forever, is reported as a self-deadlock, and so is unlocking a lock the caller
// does not hold and destroying a held lock.
#include "lockstep/models/family_models.h"
#include "lockstep/models/object_rules.h"

#include <cerrno>
#include <cstdio>

namespace lockstep::models {
namespace {

const char *labelOf(OpKind op) {
  switch (op) {
  case OpKind::rwlock_destroy:
    return "pthread_rwlock_destroy";
  case OpKind::rwlock_rdlock:
    return "pthread_rwlock_rdlock";
  case OpKind::rwlock_tryrdlock:
    return "pthread_rwlock_tryrdlock";
  case OpKind::rwlock_timedrdlock:
    return "pthread_rwlock_timedrdlock";
  case OpKind::rwlock_wrlock:
    return "pthread_rwlock_wrlock";
  case OpKind::rwlock_trywrlock:
    return "pthread_rwlock_trywrlock";
  case OpKind::rwlock_timedwrlock:
    return "pthread_rwlock_timedwrlock";
  case OpKind::rwlock_unlock:
    return "pthread_rwlock_unlock";
  default:
    return "pthread_rwlock_init";
  }
}

bool isRead(OpKind op) {
  return op == OpKind::rwlock_rdlock || op == OpKind::rwlock_tryrdlock ||
         op == OpKind::rwlock_timedrdlock;
}

// A writer other than `agent` parked on a write lock it cannot take now.
bool writerWaiting(const ControlBlock &cb, uint32_t object, int agent) {
  const RwlockState &r = cb.objects[object].rwlock;
  if (r.writer < 0 && r.readers == 0)
    return false;
  uint64_t writers = agentsParkedOn(cb, object, OpKind::rwlock_wrlock) |
                     agentsParkedOn(cb, object, OpKind::rwlock_timedwrlock);
  writers &= ~(uint64_t{1} << agent);
  return writers != 0;
}

// Does the read (or write) lock return at once: acquired, or an error of the call itself?
bool readProceeds(const ControlBlock &cb, int agent, uint32_t object) {
  const RwlockState &r = cb.objects[object].rwlock;
  if (r.writer == agent)
    return true; // EDEADLK
  if (r.writer >= 0)
    return false;
  return r.kind != RwlockKind::PreferWriterNonrecursive || !writerWaiting(cb, object, agent);
}

bool writeProceeds(const ControlBlock &cb, int agent, uint32_t object) {
  const RwlockState &r = cb.objects[object].rwlock;
  return (r.writer < 0 && r.readers == 0) || r.writer == agent || r.readDepth[agent] > 0;
}

Outcome readLock(ControlBlock &cb, RwlockState &r, int agent, bool acquirable) {
  if (r.writer == agent)
    return {EDEADLK};
  if (!acquirable)
    return {EBUSY};
  if (r.readDepth[agent] == UINT8_MAX)
    return {EAGAIN}; // the model's bound on one agent's read locks
  ++r.readDepth[agent];
  ++r.readers;
  r.readerMask |= uint64_t{1} << agent;
  (void)cb;
  return {0};
}

Outcome writeLock(ControlBlock &cb, RwlockState &r, int agent, uint32_t object, bool acquirable) {
  if (r.writer == agent)
    return {EDEADLK};
  if (r.readDepth[agent] > 0) {
    char who[16];
    agentName(cb, agent, who, sizeof who);
    return {EDEADLK, reportBug(cb, agent, VerdictKind::Misuse,
                               "%s write-locks rwlock#%u while it holds a read lock on it: it "
                               "waits for itself forever (a read lock cannot be upgraded)",
                               who, object)};
  }
  if (!acquirable)
    return {EBUSY};
  r.writer = agent;
  return {0};
}

Outcome unlock(ControlBlock &cb, RwlockState &r, int agent, uint32_t object) {
  if (r.writer == agent) {
    r.writer = -1;
    return {0};
  }
  if (r.readDepth[agent] > 0) {
    --r.readDepth[agent];
    --r.readers;
    if (r.readDepth[agent] == 0)
      r.readerMask &= ~(uint64_t{1} << agent);
    return {0};
  }
  char who[16];
  char holder[24] = "nobody";
  agentName(cb, agent, who, sizeof who);
  if (r.writer >= 0)
    agentName(cb, r.writer, holder, sizeof holder);
  else if (r.readers > 0)
    snprintf(holder, sizeof holder, "%u readers", r.readers);
  return {EPERM, reportBug(cb, agent, VerdictKind::Misuse,
                           "%s unlocks rwlock#%u, which it does not hold (held by %s)", who, object,
                           holder)};
}

Outcome destroy(ControlBlock &cb, ObjectRecord &o, int agent, uint32_t object) {
  const RwlockState &r = o.rwlock;
  if (r.writer >= 0 || r.readers > 0) {
    char who[16];
    char holder[16];
    agentName(cb, agent, who, sizeof who);
    agentName(cb, r.writer >= 0 ? r.writer : __builtin_ctzll(r.readerMask), holder, sizeof holder);
    return {EBUSY, reportBug(cb, agent, VerdictKind::Misuse,
                             "%s destroys rwlock#%u while %s holds it", who, object, holder)};
  }
  o.flags |= kObjectDestroyed;
  return {0};
}

} // namespace

uint8_t rwlockEnabled(const ControlBlock &cb, int agent, const PendingOp &op) {
  const ObjectRecord &o = cb.objects[op.object];
  if ((o.flags & kObjectDestroyed) != 0)
    return 1;
  switch (op.kind) {
  case OpKind::rwlock_rdlock:
    return readProceeds(cb, agent, op.object) ? 1 : 0;
  case OpKind::rwlock_wrlock:
    return writeProceeds(cb, agent, op.object) ? 1 : 0;
  case OpKind::rwlock_timedrdlock:
    return readProceeds(cb, agent, op.object) ? uint8_t{1U << kVariantAcquire}
                                              : uint8_t{1U << kVariantTimeout};
  case OpKind::rwlock_timedwrlock:
    return writeProceeds(cb, agent, op.object) ? uint8_t{1U << kVariantAcquire}
                                               : uint8_t{1U << kVariantTimeout};
  default:
    return 1;
  }
}

Outcome rwlockApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant) {
  ObjectRecord &o = cb.objects[op.object];
  RwlockState &r = o.rwlock;
  if (op.kind == OpKind::rwlock_init) {
    r = RwlockState{};
    r.writer = -1;
    const int64_t kind = op.arg & 3;
    r.kind = kind <= 2 ? static_cast<RwlockKind>(kind) : RwlockKind::PreferReader;
    o.flags =
        (o.flags & kObjectShared) | kObjectInitialised | ((op.arg & 4) != 0 ? kObjectPshared : 0);
    o.homeProcess = cb.agents[agent].process;
    return {0};
  }
  if (VerdictKind bug = checkObjectUse(cb, agent, op.object, labelOf(op.kind));
      bug != VerdictKind::None)
    return {EINVAL, bug};
  if (op.kind == OpKind::rwlock_destroy)
    return destroy(cb, o, agent, op.object);
  if (op.kind == OpKind::rwlock_unlock)
    return unlock(cb, r, agent, op.object);
  const bool timedOut =
      (op.kind == OpKind::rwlock_timedrdlock || op.kind == OpKind::rwlock_timedwrlock) &&
      variant == kVariantTimeout;
  if (isRead(op.kind)) {
    const bool acquirable = readProceeds(cb, agent, op.object) && r.writer < 0;
    if (timedOut)
      return {ETIMEDOUT};
    return readLock(cb, r, agent, acquirable);
  }
  const bool acquirable = r.writer < 0 && r.readers == 0;
  if (timedOut)
    return {ETIMEDOUT};
  return writeLock(cb, r, agent, op.object, acquirable);
}

} // namespace lockstep::models
