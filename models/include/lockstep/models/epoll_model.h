// epoll (epoll(7), epoll_create(2), epoll_ctl(2), epoll_wait(2)): the interest lists of the epoll
// instances, kept in the control block (EpollTable), and the model of epoll_ctl and epoll_wait.
//
// An epoll instance is an object of family Epoll with its own open file description in the
// descriptor table, so it is shared by dup and inherited across fork, and released with its last
// descriptor (then its interest list goes too). An interest entry is keyed by (watched file
// description, fd number), as Linux keys it by (struct file, fd): closing one descriptor of a
// description that another descriptor (a dup, a forked child's copy) still refers to leaves the
// entry in place; the entry goes when the description itself is released (epoll(7), Q6).
//
// Readiness is enabledness, level-triggered: an entry is ready when pollRevents (poll_model.h)
// reports one of its events (or EPOLLHUP/EPOLLERR, always reported) for its description. A
// blocking epoll_wait is enabled when an entry of its instance is ready; a timed one (a finite
// timeout, 0 included) whose instance has no ready entry has the timeout as its only outcome.
// The reported entries, in the order of Linux's ready list, are written in the agent's payload
// (epollReportWord). EPOLLONESHOT disables an entry once reported, until EPOLL_CTL_MOD.
//
// Edge-triggered entries (EPOLLET) follow Linux's ready list: an ET entry is queued
// (kEpollEntryQueued) by a wakeup of its description whose key shares an event with it
// (epoll_edges.h derives the wakeups from each step), and by EPOLL_CTL_ADD or EPOLL_CTL_MOD when
// its description is ready then (ep_insert, ep_modify). epoll_wait reports a queued ET entry when
// the description is ready for its events, and takes it off the list whether it reported it or
// not; it is not reported again before its next wakeup, however long it stays ready. Reported
// entries come in the order of their sequence (registration, then reports) for ET entries too,
// whereas Linux orders its list by wakeup: that keeps steps on different pipes independent for
// DPOR (their order would otherwise change the order of the reports). EPOLLEXCLUSIVE is accepted
// and wakes every waiter, one of the behaviours Linux allows ("one or more"); EPOLLWAKEUP is
// accepted and has no effect (without CAP_BLOCK_SUSPEND Linux clears it silently).
#pragma once

#include "lockstep/models/model.h"

namespace lockstep::models {

// A reported entry in the payload after epoll_wait: the entry's index and its revents.
inline constexpr uint64_t epollReportWord(uint32_t entry, uint32_t revents) {
  return (static_cast<uint64_t>(revents) << 32) | entry;
}
inline constexpr uint32_t epollReportEntry(uint64_t word) { return static_cast<uint32_t>(word); }
inline constexpr uint32_t epollReportEvents(uint64_t word) {
  return static_cast<uint32_t>(word >> 32);
}

// The epoll instance's readiness as poll(2) sees it: POLLIN when an entry is ready.
uint32_t epollRevents(const ControlBlock &cb, uint32_t object);

// The description is released: the entries that watch it go (and, when it is an epoll instance,
// its interest list).
void epollReleaseDescription(ControlBlock &cb, uint32_t description);

// A wakeup of the description's wait queue with key (epoll_edges.h's kEpollWakeAll: no key):
// the armed ET entries that watch it for an event of the key are queued (ep_poll_callback).
void epollWakeDescription(ControlBlock &cb, uint32_t description, uint32_t key);

uint8_t epollEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
// epoll_create: 0. epoll_ctl: 0 or -EEXIST, -ENOENT, -EINVAL, -ENOSPC. epoll_wait: the number of
// entries reported (0: timed out), written in the agent's payload.
Outcome epollApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

} // namespace lockstep::models
