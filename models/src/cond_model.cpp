// The pthread condition variable model (process-shared or not). pthread_cond_wait is two steps:
// `cond_wait` atomically releases the mutex and joins the cond's wait set; `cond_reacquire` then
// takes the mutex back once the agent left the wait set and the mutex is free. Both name the cond
// as their object and the mutex (its object index) as their target. An agent leaves the wait set
// when a signal picks it (cond_signal has one variant per waiter, lowest agent first, so every
// choice is explored), on a broadcast, or by itself: a timed wait may time out whenever it is still
// waiting, and with the kControlSpuriousWakeups flag any wait may wake spuriously; both are
// variants of cond_reacquire that leave the wait set without the mutex, after which the agent
// performs cond_reacquire again. Misuse: waiting with a mutex the agent does not hold (or holds
// recursively more than once), waiting with two different mutexes at once (POSIX's dynamic
// binding), destroying a cond that agents wait on.
#include "lockstep/models/family_models.h"
#include "lockstep/models/object_rules.h"

#include <cerrno>

namespace lockstep::models {
namespace {

const char *labelOf(OpKind op) {
  switch (op) {
  case OpKind::cond_destroy:
    return "pthread_cond_destroy";
  case OpKind::cond_wait:
    return "pthread_cond_wait";
  case OpKind::cond_signal:
    return "pthread_cond_signal";
  case OpKind::cond_broadcast:
    return "pthread_cond_broadcast";
  default:
    return "pthread_cond_init";
  }
}

uint64_t bitOf(int agent) { return uint64_t{1} << agent; }

// The index of the n-th lowest set bit of mask (n < popcount(mask)).
int nthWaiter(uint64_t mask, int n) {
  for (int i = 0; i < n; ++i)
    mask &= mask - 1;
  return __builtin_ctzll(mask);
}

void leaveWaitSet(CondState &c, int agent) {
  c.waiters &= ~bitOf(agent);
  if (c.waiters == 0)
    c.mutex = kNoObject;
}

bool validMutex(const ControlBlock &cb, int64_t index) {
  return index >= 0 && index < cb.objectCount && cb.objects[index].family == ObjectFamily::Mutex;
}

Outcome wait(ControlBlock &cb, int agent, const PendingOp &op) {
  CondState &c = cb.objects[op.object].cond;
  if (!validMutex(cb, op.target))
    return {EINVAL};
  const auto mutexIndex = static_cast<uint32_t>(op.target);
  if (VerdictKind bug = checkObjectUse(cb, agent, mutexIndex, "pthread_cond_wait");
      bug != VerdictKind::None)
    return {EINVAL, bug};
  MutexState &m = cb.objects[mutexIndex].mutex;
  char who[16];
  agentName(cb, agent, who, sizeof who);
  if (m.owner != agent) {
    char owner[16] = "nobody";
    if (m.owner >= 0)
      agentName(cb, m.owner, owner, sizeof owner);
    return {EPERM, reportBug(cb, agent, VerdictKind::Misuse,
                             "%s waits on cond#%u with mutex#%u, which it does not hold (held by "
                             "%s)",
                             who, op.object, mutexIndex, owner)};
  }
  if (m.count > 1) {
    return {EPERM, reportBug(cb, agent, VerdictKind::Misuse,
                             "%s waits on cond#%u with recursive mutex#%u locked %u times: the "
                             "wait releases it only once",
                             who, op.object, mutexIndex, m.count)};
  }
  if (c.waiters != 0 && c.mutex != mutexIndex) {
    char other[16];
    agentName(cb, __builtin_ctzll(c.waiters), other, sizeof other);
    return {EINVAL, reportBug(cb, agent, VerdictKind::Misuse,
                              "%s waits on cond#%u with mutex#%u while %s waits on it with "
                              "mutex#%u: a cond must be used with one mutex at a time",
                              who, op.object, mutexIndex, other, c.mutex)};
  }
  if (m.inconsistent != 0) { // robust, EOWNERDEAD not made consistent: unlocking ends it
    m.unrecoverable = 1;
    m.inconsistent = 0;
  }
  m.owner = -1;
  m.count = 0;
  c.waiters |= bitOf(agent);
  c.mutex = mutexIndex;
  return {0};
}

Outcome destroy(ControlBlock &cb, ObjectRecord &o, int agent, uint32_t object) {
  if (o.cond.waiters != 0) {
    char who[16];
    char waiter[16];
    agentName(cb, agent, who, sizeof who);
    agentName(cb, __builtin_ctzll(o.cond.waiters), waiter, sizeof waiter);
    return {EBUSY, reportBug(cb, agent, VerdictKind::Misuse,
                             "%s destroys cond#%u while %s waits on it", who, object, waiter)};
  }
  o.flags |= kObjectDestroyed;
  return {0};
}

uint8_t reacquireEnabled(const ControlBlock &cb, int agent, const PendingOp &op) {
  if (!validMutex(cb, op.target))
    return 1 << kCondWoken; // decided (EINVAL) when applied
  const bool waiting = (cb.objects[op.object].cond.waiters & bitOf(agent)) != 0;
  if (!waiting)
    return mutexAcquirable(cb, agent, static_cast<uint32_t>(op.target)) ? 1 << kCondWoken : 0;
  uint8_t mask = 0;
  if ((op.flags & kCondTimed) != 0)
    mask |= 1 << kVariantTimeout;
  if ((cb.flags & kControlSpuriousWakeups) != 0)
    mask |= 1 << kCondSpurious;
  return mask;
}

Outcome reacquire(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant) {
  if (!validMutex(cb, op.target))
    return {EINVAL};
  CondState &c = cb.objects[op.object].cond;
  if (variant == kVariantTimeout || variant == kCondSpurious) {
    leaveWaitSet(c, agent);
    return {variant == kVariantTimeout ? ETIMEDOUT : kCondSpuriousResult};
  }
  return mutexAcquireForCond(cb, agent, static_cast<uint32_t>(op.target));
}

} // namespace

uint8_t condEnabled(const ControlBlock &cb, int agent, const PendingOp &op) {
  if (op.kind == OpKind::cond_reacquire)
    return reacquireEnabled(cb, agent, op);
  if (op.kind != OpKind::cond_signal)
    return 1;
  const ObjectRecord &o = cb.objects[op.object];
  const int waiters = __builtin_popcountll(o.cond.waiters);
  if ((o.flags & kObjectDestroyed) != 0 || waiters <= 1)
    return 1;
  const int variants = waiters < kMaxVariants ? waiters : kMaxVariants;
  return static_cast<uint8_t>((1U << variants) - 1);
}

Outcome condApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant) {
  ObjectRecord &o = cb.objects[op.object];
  CondState &c = o.cond;
  if (op.kind == OpKind::cond_init) {
    c = CondState{};
    c.mutex = kNoObject;
    o.flags = (o.flags & kObjectShared) | kObjectInitialised | (op.arg != 0 ? kObjectPshared : 0);
    o.homeProcess = cb.agents[agent].process;
    return {0};
  }
  if (op.kind == OpKind::cond_reacquire) // the cond may be destroyed by now: that is allowed
    return reacquire(cb, agent, op, variant);
  if (VerdictKind bug = checkObjectUse(cb, agent, op.object, labelOf(op.kind));
      bug != VerdictKind::None)
    return {EINVAL, bug};
  switch (op.kind) {
  case OpKind::cond_destroy:
    return destroy(cb, o, agent, op.object);
  case OpKind::cond_wait:
    return wait(cb, agent, op);
  case OpKind::cond_signal: {
    const int waiters = __builtin_popcountll(c.waiters);
    if (waiters > 0)
      leaveWaitSet(c, nthWaiter(c.waiters, variant < waiters ? variant : 0));
    return {0};
  }
  case OpKind::cond_broadcast:
    c.waiters = 0;
    c.mutex = kNoObject;
    return {0};
  default:
    return {EINVAL};
  }
}

} // namespace lockstep::models
