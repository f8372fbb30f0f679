// Polling on modelled descriptors (poll(2), select(2), epoll(7)): the readiness of a pipe, FIFO or
// socket pair end computed from the model's state, and the model of fd_poll, the step in which a
// blocking poll, ppoll, select or pselect waits (epoll_wait: epoll_model.h). Readiness is
// enabledness: the step is enabled when at least one watched descriptor is ready; with a finite
// timeout, when none is, its only outcome is the timeout (as for sem_timedwait: a timeout racing a
// wakeup is explored by ordering the poll before or after the step that makes a descriptor ready).
//
// The watched descriptors travel in the agent's payload (ControlBlock::payload), one word each:
// pollWord(fd, events). The runtime sends only modelled descriptors (it refuses a blocking wait
// that also watches other descriptors, which could become ready outside the model).
#pragma once

#include "lockstep/models/model.h"

namespace lockstep::models {

inline constexpr uint32_t kPollTimed = 1; // fd_poll, epoll_wait flags: a finite timeout

inline constexpr uint64_t pollWord(int fd, uint32_t events) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(fd)) << 32) | events;
}
inline constexpr int pollWordFd(uint64_t word) { return static_cast<int>(word >> 32); }
inline constexpr uint32_t pollWordEvents(uint64_t word) { return static_cast<uint32_t>(word); }

// The poll(2) revents of a description for the requested events (POLLIN, POLLOUT... as in
// <poll.h>; POLLHUP, POLLERR and POLLNVAL are reported whether requested or not), as Linux's
// pipe_poll (fs/pipe.c) and unix_poll (net/unix/af_unix.c) compute them:
// - a pipe's read end: POLLIN when bytes are buffered; POLLHUP when no writer is left (a FIFO only
//   once a writer has opened it);
// - a pipe's write end: POLLOUT when there is room for PIPE_BUF bytes; POLLERR when no reader is
//   left;
// - a socket pair end: POLLIN when bytes are buffered or its receiving side is shut down (the
//   peer closed or shut down writing, or shutdown(SHUT_RD)), then also POLLRDHUP; POLLOUT when
//   there is room for PIPE_BUF bytes or sending is over (a write fails at once); POLLHUP when
//   both directions are over.
uint32_t pollRevents(const ControlBlock &cb, uint32_t description, uint32_t events);

// The revents of process's fd (POLLNVAL when fd is not a modelled descriptor).
uint32_t pollRevents(const ControlBlock &cb, int process, int fd, uint32_t events);

uint8_t pollEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
// The result is the number of ready descriptors (0: timed out).
Outcome pollApply(const ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

} // namespace lockstep::models
