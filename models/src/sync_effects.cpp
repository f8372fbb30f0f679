// The synchronization effect of every visible operation, and their application to the clocks
// (see sync_effects.h for the rules).
#include "lockstep/models/sync_effects.h"

#include "lockstep/models/datagram_socket_model.h" // AF_UNIX datagram sockets
#include "lockstep/models/family_models.h"

#include <cerrno>
#include <pthread.h>

namespace lockstep::models {

namespace {

struct EffectBuilder {
  SyncEffect effect;
  int releases = 0;
  int acquires = 0;
  void release(ClockKind kind, uint32_t index) {
    if (releases < kMaxClockRefs)
      effect.release[releases++] = {kind, index};
  }
  void acquire(ClockKind kind, uint32_t index) {
    if (acquires < kMaxClockRefs)
      effect.acquire[acquires++] = {kind, index};
  }
};

bool validObject(const ControlBlock &cb, int64_t index) {
  return index >= 0 && index < cb.objectCount && index < kMaxObjects;
}

} // namespace

SyncEffect syncEffectOf(const ControlBlock &cb, int agent, const PendingOp &op, uint8_t /*variant*/,
                        const Outcome &outcome) {
  EffectBuilder b;
  const bool ok = outcome.result == 0;
  const int process = cb.agents[agent].process;
  const uint32_t object = op.object;
  switch (op.kind) {
  case OpKind::process_fork:
  case OpKind::thread_create:
    // The new agent is registered right after this step, with the next free index.
    if (cb.agentCount < kMaxAgents)
      b.release(ClockKind::AgentStart, static_cast<uint32_t>(cb.agentCount));
    break;
  case OpKind::process_exit:
    b.release(ClockKind::ProcessExit, static_cast<uint32_t>(process));
    break;
  case OpKind::process_kill: // the signal's delivery ends the target (when it terminates it)
    if (ok && op.target >= 0 && op.target < kMaxProcesses)
      b.release(ClockKind::ProcessExit, static_cast<uint32_t>(op.target));
    break;
  case OpKind::process_wait:
    if (outcome.result >= 0 && outcome.result < kMaxProcesses)
      b.acquire(ClockKind::ProcessExit, static_cast<uint32_t>(outcome.result));
    break;
  case OpKind::thread_exit:
    b.release(ClockKind::AgentExit, static_cast<uint32_t>(agent));
    if (outcome.result == kLastThreadExited)
      b.release(ClockKind::ProcessExit, static_cast<uint32_t>(process));
    break;
  case OpKind::thread_join:
    if (ok && op.target >= 0 && op.target < kMaxAgents)
      b.acquire(ClockKind::AgentExit, static_cast<uint32_t>(op.target));
    break;
  case OpKind::mutex_lock:
  case OpKind::mutex_trylock:
  case OpKind::mutex_timedlock:
    if (ok || outcome.result == EOWNERDEAD)
      b.acquire(ClockKind::Object, object);
    break;
  case OpKind::mutex_unlock:
  case OpKind::sem_post:
  case OpKind::rwlock_unlock:
    if (ok)
      b.release(ClockKind::Object, object);
    break;
  case OpKind::sem_wait:
  case OpKind::sem_trywait:
  case OpKind::sem_timedwait:
  case OpKind::rwlock_rdlock:
  case OpKind::rwlock_tryrdlock:
  case OpKind::rwlock_timedrdlock:
  case OpKind::rwlock_wrlock:
  case OpKind::rwlock_trywrlock:
  case OpKind::rwlock_timedwrlock:
  case OpKind::barrier_resume:
    if (ok)
      b.acquire(ClockKind::Object, object);
    break;
  case OpKind::cond_wait: // gives the mutex up
    if (validObject(cb, op.target))
      b.release(ClockKind::Object, static_cast<uint32_t>(op.target));
    break;
  case OpKind::cond_signal:
  case OpKind::cond_broadcast:
    b.release(ClockKind::Object, object);
    break;
  case OpKind::cond_reacquire: // takes the mutex back; a woken waiter also gets the signal's
    if (validObject(cb, op.target))
      b.acquire(ClockKind::Object, static_cast<uint32_t>(op.target));
    b.acquire(ClockKind::Object, object);
    break;
  case OpKind::barrier_wait: // the last arrival acquires every arrival; the others at resume
    if (outcome.result == 0 || outcome.result == PTHREAD_BARRIER_SERIAL_THREAD) {
      b.release(ClockKind::Object, object);
      b.acquire(ClockKind::Object, object);
    }
    break;
  // Messages carry happens-before from sender to receiver (what a write, a send or a semop
  // publishes is visible to the read, receive or semop that follows it). A read at EOF also
  // acquires: the writers' closes released (fd_close).
  case OpKind::pipe_write:
  case OpKind::mq_send:
  case OpKind::sysv_msgsnd:
    if (outcome.result >= 0)
      b.release(ClockKind::Object, object);
    break;
  case OpKind::fd_close:
    if (validObject(cb, object))
      b.release(ClockKind::Object, object);
    break;
  case OpKind::pipe_read:
  case OpKind::mq_receive:
  case OpKind::sysv_msgrcv:
    if (outcome.result >= 0)
      b.acquire(ClockKind::Object, object);
    break;
  case OpKind::sysv_semop: // a semop both waits (acquires) and signals (releases) on its set
  case OpKind::sysv_semctl:
    if (ok) {
      b.release(ClockKind::Object, object);
      b.acquire(ClockKind::Object, object);
    }
    break;
  // Sockets: a connect publishes to the accept that takes its connection (the connection object,
  // which accept returns); the connection's bytes then go as on a socket pair (pipe_write).
  case OpKind::socket_connect:
    if (outcome.result == 0 || outcome.result == -EINPROGRESS)
      b.release(ClockKind::Object, object);
    break;
  case OpKind::socket_accept:
    if (validObject(cb, outcome.result))
      b.acquire(ClockKind::Object, static_cast<uint32_t>(outcome.result));
    break;
  // AF_UNIX datagram sockets: a send releases to the receiving socket, whose receives (pipe_read)
  // acquire it (every later receive there: a superset of the datagram's own).
  case OpKind::socket_sendto:
    if (outcome.result >= 0) {
      const uint32_t receiver = datagramSendReceiver(cb, op);
      if (validObject(cb, receiver))
        b.release(ClockKind::Object, receiver);
    }
    break;
  // epoll (issue 5 item 5): epoll_ctl and epoll_wait are ordered through the instance (the
  // kernel's ep->mtx and ep->lock; exact). epoll_wait does not acquire the watched objects: like
  // poll, it only looks at them, and the read that follows acquires from the writer.
  case OpKind::epoll_ctl:
  case OpKind::epoll_wait:
    if (outcome.result >= 0 && validObject(cb, object)) {
      b.release(ClockKind::Object, object);
      b.acquire(ClockKind::Object, object);
    }
    break;
  default:
    break;
  }
  return b.effect;
}

VectorClock *clockOf(ClockStore &store, ClockRef ref) {
  switch (ref.kind) {
  case ClockKind::Object:
    return ref.index < static_cast<uint32_t>(kMaxObjects) ? &store.object[ref.index] : nullptr;
  case ClockKind::AgentStart:
    return ref.index < static_cast<uint32_t>(kMaxAgents) ? &store.agentStart[ref.index] : nullptr;
  case ClockKind::AgentExit:
    return ref.index < static_cast<uint32_t>(kMaxAgents) ? &store.agentExit[ref.index] : nullptr;
  case ClockKind::ProcessExit:
    return ref.index < static_cast<uint32_t>(kMaxProcesses) ? &store.processExit[ref.index]
                                                            : nullptr;
  case ClockKind::None:
    break;
  }
  return nullptr;
}

void startAgentClock(ClockStore &store, int agent) {
  VectorClock &c = store.agent[agent];
  if (c.at[agent] != 0)
    return;
  joinClock(c, store.agentStart[agent]);
  c.at[agent] = 1;
}

void releaseInto(ClockStore &store, int agent, VectorClock &into) {
  startAgentClock(store, agent);
  joinClock(into, store.agent[agent]);
  ++store.agent[agent].at[agent];
}

void acquireFrom(ClockStore &store, int agent, const VectorClock &from) {
  startAgentClock(store, agent);
  joinClock(store.agent[agent], from);
}

void applySyncEffect(ClockStore &store, int agent, const SyncEffect &effect) {
  startAgentClock(store, agent);
  bool released = false;
  for (const ClockRef &ref : effect.release) {
    if (VectorClock *c = clockOf(store, ref)) {
      joinClock(*c, store.agent[agent]);
      released = true;
    }
  }
  if (released)
    ++store.agent[agent].at[agent];
  for (const ClockRef &ref : effect.acquire) {
    if (const VectorClock *c = clockOf(store, ref))
      joinClock(store.agent[agent], *c);
  }
}

} // namespace lockstep::models
