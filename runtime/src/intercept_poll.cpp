// Interceptors for poll, ppoll, select and pselect on modelled descriptors (pipes, FIFOs, socket
// pair ends; models/include/lockstep/models/poll_model.h). A call that watches no modelled
// descriptor, or only looks (a zero timeout), forwards to the kernel at once. A blocking or timed
// call on modelled descriptors is one fd_poll step, enabled when a watched descriptor is ready
// (or, with a finite timeout, whose other outcome is the timeout); once it runs, the results
// (revents, the fd sets) are filled in from the model's readiness at that step, which is what the
// kernel computes from the same buffers and openers: every read, write and close went through
// the model. (The kernel itself may lag behind the model when a process whose exit step is done
// still holds its descriptors for a moment, so the runtime does not ask it.) A timeout advances
// the virtual clock by the timeout. A blocking wait that also watches descriptors Lockstep does
// not model (a socket, a regular file, a pipe from outside the run) is refused: they could become
// ready outside the scheduler. At most kPayloadWords (32) modelled descriptors per call.
#include "descriptors.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"
#include "virtual_time.h"
#include "visible_op.h"

#include "lockstep/models/descriptors.h"
#include "lockstep/models/poll_model.h"

#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <poll.h>
#include <sys/select.h>

using namespace lockstep::runtime;
namespace models = lockstep::models;

namespace {

constexpr int kForward = -2; // pollCall, selectCall: the kernel answers the call

constexpr const char *kMixed =
    "does not model yet a blocking wait on both modelled descriptors (pipes, FIFOs, socket pairs) "
    "and others (they could become ready outside the scheduler)";
constexpr const char *kTooMany = "cannot follow a wait on more than 32 modelled descriptors";

bool isModelled(int fd) { return localDescription(fd) != models::kNoDescription; }
// An epoll instance's interest list lives only in the model (intercept_epoll.cpp): even a call
// that only looks must ask the model.
bool isEpoll(int fd) {
  const uint32_t d = localDescription(fd);
  return d != models::kNoDescription &&
         gControl->objects[gControl->descriptions[d].object].family == ObjectFamily::Epoll;
}
bool isOpen(int fd) { return LOCKSTEP_REAL(fcntl)(fd, F_GETFD) != -1 || errno != EBADF; }

// What a call watches: modelled descriptors, other open ones, closed ones.
struct Census {
  int modelled = 0;
  int other = 0;
  int closed = 0;
  int epoll = 0; // modelled epoll instances
  void add(int fd) {
    if (isEpoll(fd))
      ++epoll;
    if (isModelled(fd))
      ++modelled;
    else if (isOpen(fd))
      ++other;
    else
      ++closed;
  }
};

// Whether the call must be one fd_poll step (else it forwards to the kernel). A closed
// descriptor makes the call return at once (POLLNVAL, EBADF): the kernel answers.
bool needsStep(const Census &c, bool looksOnly, const void *pc, const char *call) {
  if (c.modelled == 0 || (looksOnly && c.epoll == 0) || c.closed > 0)
    return false;
  if (c.other > 0)
    refuseCall(pc, call, kMixed);
  if (c.modelled > models::kPayloadWords)
    refuseCall(pc, call, kTooMany);
  return true;
}

// The fd_poll step on the payload written by the caller; true when descriptors are ready, false
// when it timed out (then the virtual clock advances by timeoutNanos).
bool waitReady(const void *pc, bool timed, int64_t timeoutNanos) {
  PendingOp op = makeOp(OpKind::fd_poll, pc);
  op.flags = timed ? models::kPollTimed : 0;
  op.arg = gControl->payload[tAgent].count;
  const int64_t ready = performVisible(op).result;
  if (ready == 0 && timed)
    sleepVirtually(timeoutNanos);
  return ready > 0;
}

uint32_t revents(int fd, uint32_t events) {
  return models::pollRevents(*gControl, localDescription(fd), events);
}

int pollStep(struct pollfd *fds, nfds_t count, bool timed, int64_t timeoutNanos, const void *pc) {
  OpPayload &payload = gControl->payload[tAgent];
  payload.count = 0;
  for (nfds_t i = 0; i < count; ++i) {
    if (fds[i].fd >= 0)
      payload.words[payload.count++] =
          models::pollWord(fds[i].fd, static_cast<uint16_t>(fds[i].events));
  }
  const bool ready = waitReady(pc, timed, timeoutNanos);
  int n = 0;
  for (nfds_t i = 0; i < count; ++i) {
    fds[i].revents = 0;
    if (ready && fds[i].fd >= 0)
      fds[i].revents = static_cast<short>(revents(fds[i].fd, static_cast<uint16_t>(fds[i].events)));
    n += fds[i].revents != 0 ? 1 : 0;
  }
  return n;
}

// poll and ppoll; timeoutNanos < 0 is no timeout.
int pollCall(struct pollfd *fds, nfds_t count, int64_t timeoutNanos, const void *pc,
             const char *call) {
  Census census;
  for (nfds_t i = 0; fds != nullptr && i < count; ++i) {
    if (fds[i].fd >= 0)
      census.add(fds[i].fd);
  }
  if (!needsStep(census, timeoutNanos == 0, pc, call))
    return kForward;
  return pollStep(fds, count, timeoutNanos >= 0, timeoutNanos, pc);
}

// select(2)'s sets as poll events (Linux's POLLIN_SET, POLLOUT_SET, POLLEX_SET).
constexpr uint32_t kInSet = POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR;
constexpr uint32_t kOutSet = POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR;
constexpr uint32_t kExSet = POLLPRI;

bool inSet(const fd_set *s, int fd) { return s != nullptr && FD_ISSET(fd, s); }

int selectCall(int nfds, fd_set *r, fd_set *w, fd_set *e, int64_t timeoutNanos, const void *pc,
               const char *call) {
  if (nfds < 0 || nfds > FD_SETSIZE)
    return kForward;
  Census census;
  for (int fd = 0; fd < nfds; ++fd) {
    if (inSet(r, fd) || inSet(w, fd) || inSet(e, fd))
      census.add(fd);
  }
  if (!needsStep(census, timeoutNanos == 0, pc, call))
    return kForward;
  OpPayload &payload = gControl->payload[tAgent];
  payload.count = 0;
  for (int fd = 0; fd < nfds; ++fd) {
    const uint32_t events = (inSet(r, fd) ? POLLIN : 0U) | (inSet(w, fd) ? POLLOUT : 0U) |
                            (inSet(e, fd) ? POLLPRI : 0U);
    if (events != 0)
      payload.words[payload.count++] = models::pollWord(fd, events);
  }
  const bool ready = waitReady(pc, timeoutNanos >= 0, timeoutNanos);
  int n = 0;
  for (int fd = 0; fd < nfds; ++fd) {
    const uint32_t got = ready ? revents(fd, POLLIN | POLLOUT | POLLPRI) : 0;
    const struct {
      fd_set *set;
      uint32_t mask;
    } sets[] = {{r, kInSet}, {w, kOutSet}, {e, kExSet}};
    for (const auto &s : sets) {
      if (!inSet(s.set, fd))
        continue;
      if ((got & s.mask) != 0)
        ++n;
      else
        FD_CLR(fd, s.set);
    }
  }
  return n;
}

int64_t nanosOrInfinite(const struct timespec *t) { return t == nullptr ? -1 : nanosOf(*t); }

int64_t nanosOrInfinite(const struct timeval *t) {
  return t == nullptr ? -1
                      : static_cast<int64_t>(t->tv_sec) * models::kNanosPerSecond +
                            static_cast<int64_t>(t->tv_usec) * 1000;
}

} // namespace

extern "C" int poll(struct pollfd *fds, nfds_t count, int timeout) {
  if (modelled()) {
    const int64_t nanos = timeout < 0 ? -1 : static_cast<int64_t>(timeout) * 1000000;
    const int n = pollCall(fds, count, nanos, __builtin_return_address(0), "poll");
    if (n != kForward)
      return n;
  }
  return LOCKSTEP_REAL(poll)(fds, count, timeout);
}

extern "C" int ppoll(struct pollfd *fds, nfds_t count, const struct timespec *timeout,
                     const sigset_t *mask) {
  if (modelled() && (timeout == nullptr || (timeout->tv_sec >= 0 && timeout->tv_nsec >= 0 &&
                                            timeout->tv_nsec < models::kNanosPerSecond))) {
    const int n =
        pollCall(fds, count, nanosOrInfinite(timeout), __builtin_return_address(0), "ppoll");
    if (n != kForward)
      return n;
  }
  return LOCKSTEP_REAL(ppoll)(fds, count, timeout, mask);
}

extern "C" int select(int nfds, fd_set *r, fd_set *w, fd_set *e, struct timeval *timeout) {
  if (modelled() && (timeout == nullptr || (timeout->tv_sec >= 0 && timeout->tv_usec >= 0))) {
    const int64_t nanos = nanosOrInfinite(timeout);
    const int n = selectCall(nfds, r, w, e, nanos, __builtin_return_address(0), "select");
    if (n != kForward) {
      if (n == 0 && timeout != nullptr)
        *timeout = {}; // Linux writes back the time left
      return n;
    }
  }
  return LOCKSTEP_REAL(select)(nfds, r, w, e, timeout);
}

extern "C" int pselect(int nfds, fd_set *r, fd_set *w, fd_set *e, const struct timespec *timeout,
                       const sigset_t *mask) {
  if (modelled() && (timeout == nullptr || (timeout->tv_sec >= 0 && timeout->tv_nsec >= 0 &&
                                            timeout->tv_nsec < models::kNanosPerSecond))) {
    const int n =
        selectCall(nfds, r, w, e, nanosOrInfinite(timeout), __builtin_return_address(0), "pselect");
    if (n != kForward)
      return n;
  }
  return LOCKSTEP_REAL(pselect)(nfds, r, w, e, timeout, mask);
}
