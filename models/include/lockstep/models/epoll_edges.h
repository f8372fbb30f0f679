// Edge-triggered epoll (EPOLLET): the wakeups a step gives the descriptions that ET entries watch.
//
// Linux queues an epoll entry on its instance's ready list when the watched file's wait queue is
// woken with a key that matches the entry's events (ep_poll_callback), and an ET entry leaves the
// list when epoll_wait looks at it (ep_send_events): it is reported then only if the file is ready
// for its events. Files are woken on more occasions than readiness changes: every write to a pipe
// or a socket wakes its readers even when they could already read (pipe_write, sock_def_readable),
// every connection queued on a listener wakes it, and a unix socket's sender is woken with EPOLLOUT
// whenever its peer consumes its data while it is writable (unix_write_space). The probe takes a
// signature of every watched description before a step and, after it, derives the wakeup from the
// difference (epollWakeDescription, epoll_model.h). One place for every model: the models of
// pipes, sockets and datagram pairs need not know about epoll.
//
// DPOR (dependence.cpp) needs no new rule. epoll_wait, which reads and clears the queued flags, is
// already dependent with every descriptor and socket step of another process. Two steps on
// different objects queue different entries, and the report order does not depend on the order of
// the wakeups (epoll_model.h), so they still commute. A step and an epoll_ctl of another process
// still commute: ADD and MOD queue an entry that is ready then, and every step that makes a
// description ready wakes its entries, so either order queues the entry when it is ready after
// both; the orders differ at most in a queued entry that is not ready (a wakeup whose data a read
// then took), which no wait reports and the next wait drops: no step can tell them apart.
#pragma once

#include "lockstep/models/model.h"

namespace lockstep::models {

// What a step's wakeup of a description depends on.
struct EdgeSignature {
  uint32_t description;
  uint32_t revents;  // pollRevents for every event
  uint32_t arrivals; // bytes (datagrams, connections) queued toward the description
  uint32_t outbound; // bytes its peer has not read yet (sockets)
  uint32_t inWriters, inReaders, outReaders;
  uint32_t shut; // its kDescriptionShutRead / kDescriptionShutWrite
};

// The probe lives on the stack of the agent that applies the step (a thread of the program under
// test), so it holds at most this many descriptions (2 KiB).
inline constexpr uint32_t kMaxEdgeDescriptions = 64;

class EpollEdgeProbe {
public:
  // Takes the signatures (nothing when no ET entry is armed).
  explicit EpollEdgeProbe(const ControlBlock &cb);
  // After agent's step: wakes the ET entries of the descriptions whose state the step signalled.
  // An unsupported verdict when more descriptions than kMaxEdgeDescriptions are watched.
  VerdictKind wake(ControlBlock &cb, int agent) const;

private:
  uint32_t count_ = 0;
  bool overflow_ = false;
  EdgeSignature before_[kMaxEdgeDescriptions];
};

// The signature of a description now (exposed for the unit tests).
EdgeSignature edgeSignature(const ControlBlock &cb, uint32_t description);
// The wait-queue key Linux wakes the description with, going from `before` to `after`: 0 for no
// wakeup, kEpollWakeAll for a wakeup without a key (wake_up_interruptible_all, sk_state_change).
inline constexpr uint32_t kEpollWakeAll = 0xffffffffU;
uint32_t edgeWakeKey(const ControlBlock &cb, const EdgeSignature &before,
                     const EdgeSignature &after);

} // namespace lockstep::models
