// The dependence relation (see dependence.h): one rule per family, and the conservative rule for
// families without one. Used for happens-before and races by the DPOR strategy.
#include "lockstep/models/dependence.h"

#include "lockstep/models/operations.h"
#include "lockstep/models/socket_model.h" // sockets

namespace lockstep::models {
namespace {

using protocol::ObjectFamily;
using protocol::OpKind;

bool sameObject(const Event &a, const Event &b) {
  return a.object != protocol::kNoObject && a.object == b.object;
}

// Mutexes: every operation on the same mutex (lock, trylock, unlock, init, destroy, consistent)
// conflicts with every other one.
bool mutexDependent(const Event &a, const Event &b) { return sameObject(a, b); }

// Semaphores: every pair on the same semaphore, except two reads of its value.
bool semaphoreDependent(const Event &a, const Event &b) {
  if (!sameObject(a, b))
    return false;
  return !(a.op == OpKind::sem_getvalue && b.op == OpKind::sem_getvalue);
}

// Condition variables: every pair on the same cond (a signal's outcome depends on the wait set).
// cond_wait releases its mutex and cond_reacquire takes it back (the mutex is their target), so
// both also conflict with every operation on that mutex, and with each other through it.
bool condDependent(const Event &c, const Event &other) {
  if (sameObject(c, other))
    return true;
  if (c.target < 0 || (c.op != OpKind::cond_wait && c.op != OpKind::cond_reacquire))
    return false;
  if (opFamily(other.op) == ObjectFamily::Mutex)
    return other.object == static_cast<uint32_t>(c.target);
  return (other.op == OpKind::cond_wait || other.op == OpKind::cond_reacquire) &&
         other.target == c.target;
}

bool isNamedSemaphoreOp(OpKind op) {
  return op == OpKind::sem_open || op == OpKind::sem_unlink || op == OpKind::sem_close;
}

// A wait's step records the child it reaped (target), not the pid it asked for. wait(-1) reaps
// the lowest-index zombie child, so its outcome depends on the exit of the child it reaped and
// of every lower-index child (which it would have reaped instead), never on higher ones; a wait
// that reaped nothing (WNOHANG, ECHILD) depends on every child's exit.
bool waitObserves(const Event &wait, int child) { return wait.target < 0 || child <= wait.target; }

// The process family against any step: a fork precedes every step of its child; an exit (or
// the exit of a process's last thread) is observed by its parent's wait; wait(-1) waits on any
// child. Exec retires the other threads of its process, which a join may observe.
bool processDependent(const Event &p, const Event &other, const DependenceContext &c) {
  switch (p.op) {
  case OpKind::process_fork:
    return p.target >= 0 && c.processOf(other.agent) == p.target;
  case OpKind::process_exit:
  case OpKind::process_exec: {
    const int process = c.processOf(p.agent);
    if (other.op == OpKind::process_wait && process >= 0 &&
        c.processOf(other.agent) == c.parentOf(process))
      return waitObserves(other, process);
    if ((other.op == OpKind::thread_join || other.op == OpKind::thread_detach) &&
        c.processOf(other.target) == process && process >= 0)
      return true;
    return p.op == OpKind::process_exec && c.processOf(other.agent) == process;
  }
  case OpKind::process_wait:
    // Two waits of one parent compete for the same zombies.
    if (other.op == OpKind::process_wait)
      return c.processOf(p.agent) == c.processOf(other.agent);
    if (other.op == OpKind::process_exit || other.op == OpKind::thread_exit ||
        other.op == OpKind::process_exec) {
      const int child = c.processOf(other.agent);
      return child >= 0 && c.parentOf(child) == c.processOf(p.agent) && waitObserves(p, child);
    }
    return false;
  default:
    return false;
  }
}

// The thread family against any step: create precedes the new thread's steps; exit is observed
// by join; join and detach of the same thread conflict; the last thread's exit ends the process
// (see processDependent for the parent's wait).
bool threadDependent(const Event &t, const Event &other, const DependenceContext &c) {
  switch (t.op) {
  case OpKind::thread_create:
    return t.target >= 0 && other.agent == t.target;
  case OpKind::thread_exit:
    if ((other.op == OpKind::thread_join || other.op == OpKind::thread_detach) &&
        other.target == t.agent)
      return true;
    return other.op == OpKind::process_wait && processDependent(other, t, c);
  case OpKind::thread_join:
  case OpKind::thread_detach:
    if ((other.op == OpKind::thread_join || other.op == OpKind::thread_detach) &&
        other.target == t.target)
      return true;
    if (other.op == OpKind::thread_exit && other.target == t.target)
      return true;
    return other.agent == t.target && other.op == OpKind::thread_exit;
  default:
    return false;
  }
}

bool isCreation(OpKind op) { return op == OpKind::process_fork || op == OpKind::thread_create; }

// Issue 5. POSIX message queues: mq_open and mq_unlink act on names (an open may find or miss
// the queue an unlink removes, two creating opens race), so they conflict with each other; on
// one queue every pair conflicts (sends order the messages, a receive's enabledness and message
// depend on the sends and receives before it, getattr reads the count and the flags setattr
// changes), except two getattrs.
bool messageQueueDependent(const Event &a, const Event &b) {
  if (opFamily(b.op) != ObjectFamily::MessageQueue)
    return false;
  const auto named = [](OpKind op) { return op == OpKind::mq_open || op == OpKind::mq_unlink; };
  if (named(a.op) && named(b.op))
    return true;
  return sameObject(a, b) && !(a.op == OpKind::mq_getattr && b.op == OpKind::mq_getattr);
}

// Issue 5. System V semaphore sets: semget finds sets by key, which semget (IPC_CREAT) and
// semctl (IPC_RMID) change, so it conflicts with both; on one set every pair conflicts.
bool sysvSemaphoreDependent(const Event &a, const Event &b) {
  if (opFamily(b.op) != ObjectFamily::SysvSemaphore)
    return false;
  if (a.op == OpKind::sysv_semget || b.op == OpKind::sysv_semget)
    return a.op != OpKind::sysv_semop && b.op != OpKind::sysv_semop ? true : sameObject(a, b);
  return sameObject(a, b);
}

// Issue 5. System V message queues: like semaphore sets, msgget conflicts with msgget and msgctl
// (keys and removal), and on one queue every pair conflicts (a receive by type depends on every
// send and receive before it).
bool sysvMessageQueueDependent(const Event &a, const Event &b) {
  if (opFamily(b.op) != ObjectFamily::SysvMessageQueue)
    return false;
  const auto keyed = [](OpKind op) {
    return op == OpKind::sysv_msgget || op == OpKind::sysv_msgctl;
  };
  if ((a.op == OpKind::sysv_msgget || b.op == OpKind::sysv_msgget) && keyed(a.op) && keyed(b.op))
    return true;
  return sameObject(a, b);
}

// Atomics, sequentially consistent: two accesses to the same location conflict unless both are
// pure reads (atomic_load). An RMW or a cmpxchg counts as a write even when it turns out to
// change nothing (a failed cmpxchg, an exchange with the same value): the relation is asked
// about pending operations too, whose outcome is not known yet. atomic_fence commutes with
// everything: under SC every access is already totally ordered and a seq_cst fence adds no
// ordering, changes no state and enables nothing (it is not even a scheduling point today).
bool atomicDependent(const Event &a, const Event &b) {
  if (a.op == OpKind::atomic_fence || b.op == OpKind::atomic_fence)
    return false;
  if (!sameObject(a, b))
    return false;
  const auto reads = [](OpKind op) { // race focus: a focused plain load is a pure read too
    return op == OpKind::atomic_load || op == OpKind::memory_load;
  };
  return !(reads(a.op) && reads(b.op));
}

bool isDescriptorFamily(ObjectFamily f) {
  return f == ObjectFamily::Pipe || f == ObjectFamily::Descriptor ||
         f == ObjectFamily::Epoll; // issue 5 item 5
}

// epoll (issue 5 item 5). epoll_create and epoll_ctl touch only their instance (and the caller's
// descriptor table): the general rules below are exact for them (same process: dependent; other
// process: dependent on the same instance). epoll_ctl does not read readiness, so it commutes
// with the pipe steps of other processes. epoll_wait reads the readiness of descriptions its
// event does not name: like fd_poll, it is conservatively dependent with every descriptor step of
// another process, except the epoll steps of another instance. Two waits are dependent only on
// the same instance (EPOLLONESHOT disables entries and the ready list rotates); an epoll_wait and
// an fd_poll (which may poll the instance itself) are conservatively dependent.
bool watchesDescriptors(OpKind op) { return op == OpKind::fd_poll || op == OpKind::epoll_wait; }

// Pipes, FIFOs and descriptors. Two such steps of one process conflict: they share its
// descriptor table (the numbers pipe, open and dup allocate; close). Across processes, steps on
// one pipe conflict (reads and writes move its bytes; opens and closes change its readers and
// writers, hence EOF, EPIPE, ENXIO and who may proceed; F_SETFL changes a shared description's
// blocking), except fd_dup, which only adds a reference to a description its caller's own
// descriptor keeps open. The end of a process (process_exit, the last thread_exit) and exec close
// descriptors the event does not name: conservatively dependent with every pipe step.
bool descriptorDependent(const Event &p, const Event &other, const DependenceContext &c) {
  // A read that got bytes returns them whoever holds the pipe's ends, so the closes of another
  // process (fd_close, and the implicit ones of its exit and exec) commute with it.
  const bool closesEnds = other.op == OpKind::fd_close || other.op == OpKind::process_exit ||
                          other.op == OpKind::process_exec || other.op == OpKind::thread_exit;
  if (p.op == OpKind::pipe_read && (p.flags & protocol::kStepGotData) != 0 && closesEnds &&
      c.processOf(p.agent) != c.processOf(other.agent))
    return false;
  if (!isDescriptorFamily(opFamily(other.op)))
    return other.op == OpKind::process_exit || other.op == OpKind::process_exec ||
           other.op == OpKind::thread_exit;
  const int process = c.processOf(p.agent);
  if (process >= 0 && process == c.processOf(other.agent))
    return true;
  // Issue 5: a poll watches descriptors its event does not name: conservatively dependent with
  // every pipe and descriptor step of another process, except another poll (polls change nothing).
  // Issue 5 item 5: epoll steps of another process conflict with a wait on the same instance.
  const auto instanceOnly = [](OpKind op) {
    return op == OpKind::epoll_wait || op == OpKind::epoll_ctl || op == OpKind::epoll_create;
  };
  if ((p.op == OpKind::epoll_wait && instanceOnly(other.op)) ||
      (other.op == OpKind::epoll_wait && instanceOnly(p.op)))
    return sameObject(p, other);
  if (watchesDescriptors(p.op) || watchesDescriptors(other.op)) // fd_poll, epoll_wait
    return p.op != OpKind::fd_poll || other.op != OpKind::fd_poll;
  if (!sameObject(p, other))
    return false;
  return p.op != OpKind::fd_dup && other.op != OpKind::fd_dup;
}

bool knownFamily(ObjectFamily f) {
  return f == ObjectFamily::None || f == ObjectFamily::Process || f == ObjectFamily::Thread ||
         f == ObjectFamily::Mutex || f == ObjectFamily::Semaphore || f == ObjectFamily::Cond ||
         f == ObjectFamily::Rwlock || f == ObjectFamily::Barrier ||
         f == ObjectFamily::MessageQueue || f == ObjectFamily::SysvSemaphore || // issue 5
         f == ObjectFamily::SysvMessageQueue || f == ObjectFamily::Atomic ||
         isDescriptorFamily(f) || f == ObjectFamily::Socket; // sockets
}

// One direction: does a's family say a conflicts with b?
bool oneWay(const Event &a, const Event &b, const DependenceContext &c) {
  switch (opFamily(a.op)) {
  case ObjectFamily::Mutex:
    return opFamily(b.op) == ObjectFamily::Mutex && mutexDependent(a, b);
  case ObjectFamily::Cond:
    return condDependent(a, b);
  case ObjectFamily::Rwlock:
  case ObjectFamily::Barrier:
    // Every rwlock operation changes the holders or returns what it saw (no pure reads); every
    // barrier operation changes or depends on the arrivals.
    return opFamily(b.op) == opFamily(a.op) && sameObject(a, b);
  case ObjectFamily::Semaphore:
    if (isNamedSemaphoreOp(a.op) && isNamedSemaphoreOp(b.op))
      return true;
    return opFamily(b.op) == ObjectFamily::Semaphore && semaphoreDependent(a, b);
  case ObjectFamily::Atomic:
    return opFamily(b.op) == ObjectFamily::Atomic && atomicDependent(a, b);
  case ObjectFamily::Process:
    return processDependent(a, b, c);
  case ObjectFamily::Thread:
    return threadDependent(a, b, c);
  case ObjectFamily::MessageQueue: // issue 5
    return messageQueueDependent(a, b);
  case ObjectFamily::SysvSemaphore: // issue 5
    return sysvSemaphoreDependent(a, b);
  case ObjectFamily::SysvMessageQueue: // issue 5
    return sysvMessageQueueDependent(a, b);
  case ObjectFamily::Pipe:
  case ObjectFamily::Descriptor:
  case ObjectFamily::Epoll: // issue 5 item 5
    return descriptorDependent(a, b, c);
  case ObjectFamily::Socket: // sockets
    return socketDependent(a, b, c);
  case ObjectFamily::None:
    // sem_unlink conflicts with the named-semaphore operations (opening by a name it removes).
    return a.op == OpKind::sem_unlink && isNamedSemaphoreOp(b.op);
  default:
    return false;
  }
}

} // namespace

bool needs(const Event &later, const Event &earlier, const DependenceContext &context) {
  if (later.agent == earlier.agent)
    return false;
  // Nothing of a process or thread runs before it is created.
  if (earlier.op == OpKind::process_fork)
    return earlier.target >= 0 && context.processOf(later.agent) == earlier.target;
  if (earlier.op == OpKind::thread_create)
    return earlier.target >= 0 && later.agent == earlier.target;
  switch (later.op) {
  case OpKind::mutex_lock:
    // The holder's unlock, or its cond_wait, which releases the mutex (cond_wait's target).
    return (earlier.op == OpKind::mutex_unlock && sameObject(later, earlier)) ||
           (earlier.op == OpKind::cond_wait && earlier.target >= 0 &&
            static_cast<uint32_t>(earlier.target) == later.object);
  case OpKind::cond_reacquire:
    return later.target >= 0 && earlier.op == OpKind::mutex_unlock &&
           earlier.object == static_cast<uint32_t>(later.target);
  case OpKind::rwlock_wrlock:
    return earlier.op == OpKind::rwlock_unlock && sameObject(later, earlier);
  case OpKind::sem_wait:
    // A blocking wait that took the last unit, after the post that made it 1: every operation on
    // a semaphore but two getvalues conflicts, so a race is between consecutive operations on
    // it, and without that post the wait would have found 0 (sem_trywait and sem_timedwait
    // have another outcome there instead, and are reversible).
    return (later.flags & protocol::kStepTookLast) != 0 && earlier.op == OpKind::sem_post &&
           sameObject(later, earlier);
  case OpKind::thread_join:
    return earlier.op == OpKind::thread_exit && later.target == earlier.agent;
  case OpKind::process_wait:
    // waitpid(pid) for the child that ended (wait(-1) could have reaped another zombie).
    return (later.flags & protocol::kStepWaitedForOne) != 0 && later.target >= 0 &&
           (earlier.op == OpKind::process_exit || earlier.op == OpKind::thread_exit) &&
           context.processOf(earlier.agent) == later.target;
  default:
    return false;
  }
}

bool dependent(const Event &a, const Event &b, const DependenceContext &context) {
  // A yield (sched_yield, or a sleep) changes no model state, but it stands for the invisible
  // code on either side of it, and programs yield exactly where they expect others to run. Plain
  // accesses are invisible, so a program with a data race there would see its bug only in an
  // order that a commuting yield lets DPOR skip (tests/ipc/programs/timedlock_timeout.c): a
  // yield conflicts with every step of another agent.
  if (a.op == OpKind::thread_yield || b.op == OpKind::thread_yield)
    return true;
  // A kill may end a process: every step of its agents, the waits that reap it and everything
  // its closed descriptors and released locks enable. Kills are rare: conflict with every step.
  if (a.op == OpKind::process_kill || b.op == OpKind::process_kill)
    return true;
  // Agents and processes are numbered in creation order, and schedules name agents by number:
  // two creations in the other order would swap the numbers of what they create.
  if (isCreation(a.op) && isCreation(b.op))
    return true;
  const bool aKnown = knownFamily(opFamily(a.op));
  const bool bKnown = knownFamily(opFamily(b.op));
  if (!aKnown || !bKnown) {
    // A family without a rule: conflicts with whatever shares its object, and with everything
    // when it names no object.
    const Event &unknown = aKnown ? b : a;
    if (unknown.object == protocol::kNoObject)
      return true;
    if (sameObject(a, b))
      return true;
  }
  return oneWay(a, b, context) || oneWay(b, a, context);
}

} // namespace lockstep::models
