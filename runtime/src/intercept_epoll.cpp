// Interceptors for epoll (epoll(7)): epoll_create, epoll_create1, epoll_ctl, epoll_wait,
// epoll_pwait and epoll_pwait2 (models/include/lockstep/models/epoll_model.h). An epoll instance
// made during the run is a real kernel epoll descriptor (so its number, dup, fork and close
// behave as the kernel's), but its interest list lives only in the model: epoll_ctl and
// epoll_wait on it are steps, answered by the model, and the kernel instance stays empty.
// A call on an epoll descriptor from outside the run forwards to the kernel. The errors the
// kernel gives before looking at the interest list (EBADF, EFAULT, EINVAL for an invalid op, for
// epfd == fd or a bad maxevents, EPERM for a file that cannot be polled) come from forwarding the
// call to the empty kernel instance, which then fails without changing anything.
// Edge-triggered entries (EPOLLET) are modelled (epoll_edges.h). Refused with a clear message: an
// epoll instance watched by another, and watching a descriptor Lockstep does not model (a socket, a
// terminal, an eventfd...), which could become ready outside the scheduler. An epoll_wait reports
// at most kPayloadWords (32) events per call (fewer than maxevents when more are ready: a later
// call gets the rest).
#include "descriptors.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"
#include "virtual_time.h"
#include "visible_op.h"

#include "lockstep/models/descriptors.h"
#include "lockstep/models/epoll_model.h"
#include "lockstep/models/poll_model.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/stat.h>

using namespace lockstep::runtime;
namespace models = lockstep::models;

namespace {

constexpr int kForward = -2; // epollWaitCall: the kernel answers the call

bool isEpoll(uint32_t description) {
  if (description == models::kNoDescription)
    return false;
  const uint32_t object = gControl->descriptions[description].object;
  return object < static_cast<uint32_t>(gControl->objectCount) &&
         gControl->objects[object].family == ObjectFamily::Epoll;
}

// A new object for the epoll instance behind fd. Every epoll file is the same anonymous inode, so
// the key adds the object's index to make it unique.
uint32_t epollObject(int fd) {
  ControlBlock &cb = *gControl;
  if (cb.objectCount >= kMaxObjects) {
    models::reportBug(cb, tAgent, VerdictKind::Unsupported,
                      "the program uses more than %d synchronization objects", kMaxObjects);
    stopExecution();
  }
  struct stat st {};
  fstat(fd, &st);
  const auto index = static_cast<uint32_t>(cb.objectCount++);
  ObjectRecord &o = cb.objects[index];
  memset(&o, 0, sizeof o);
  o.key.space = KeySpace::Kernel;
  o.key.device = st.st_dev;
  o.key.inode = st.st_ino;
  o.key.offset = index + 1;
  o.family = ObjectFamily::Epoll;
  o.flags = kObjectPshared | kObjectInitialised;
  o.homeProcess = selfProcess();
  o.whereModule = kNoModule;
  snprintf(o.where, sizeof o.where, "%s", "epoll instance");
  return index;
}

int createStep(int flags, const void *pc, int (*real)(int), int argument) {
  performVisible(makeOp(OpKind::epoll_create, pc));
  const int fd = real(argument);
  if (fd < 0)
    return fd;
  const uint32_t object = epollObject(fd);
  registerDescriptor(fd, newDescription(object, 0, 0),
                     (flags & EPOLL_CLOEXEC) != 0 ? kDescriptorCloexec : 0);
  currentStep().object = object;
  return fd;
}

int ctlCall(int epfd, int op, int fd, struct epoll_event *event, const void *pc) {
  const uint32_t instance = localDescription(epfd);
  if (!isEpoll(instance) || (op != EPOLL_CTL_ADD && op != EPOLL_CTL_MOD && op != EPOLL_CTL_DEL) ||
      (op != EPOLL_CTL_DEL && event == nullptr) || fd == epfd)
    return kForward;
  const uint32_t watched = localDescription(fd);
  if (watched == models::kNoDescription) {
    // The kernel instance is empty: MOD and DEL fail there as they must (EBADF, EPERM, ENOENT),
    // and an ADD the kernel refuses (EBADF; EPERM for a regular file, a directory or another
    // file that cannot be polled) fails the same. An ADD it accepts is undone and refused.
    if (op != EPOLL_CTL_ADD || LOCKSTEP_REAL(epoll_ctl)(epfd, op, fd, event) != 0)
      return kForward;
    LOCKSTEP_REAL(epoll_ctl)(epfd, EPOLL_CTL_DEL, fd, nullptr);
    refuseCall(pc, "epoll_ctl",
               "does not model yet epoll on a descriptor Lockstep does not model (only pipes, "
               "FIFOs and sockets: others could become ready outside the scheduler)");
  }
  if (isEpoll(watched))
    refuseCall(pc, "epoll_ctl",
               "does not model an epoll instance watched by another epoll instance");
  const uint32_t events = op == EPOLL_CTL_DEL ? 0 : event->events;
  OpPayload &payload = gControl->payload[tAgent];
  payload.words[0] = events;
  payload.words[1] = op == EPOLL_CTL_DEL ? 0 : event->data.u64;
  payload.count = 2;
  PendingOp step = makeOp(OpKind::epoll_ctl, pc, gControl->descriptions[instance].object,
                          static_cast<int32_t>(watched));
  step.flags = static_cast<uint32_t>(op);
  step.arg = fd;
  const int64_t result = performVisible(step).result;
  if (result < 0) {
    errno = static_cast<int>(-result);
    return -1;
  }
  return 0;
}

// epoll_wait and its variants; timeoutNanos < 0 is no timeout.
int epollWaitCall(int epfd, struct epoll_event *events, int max, int64_t timeoutNanos,
                  const void *pc) {
  const uint32_t instance = localDescription(epfd);
  if (!isEpoll(instance) || events == nullptr || max <= 0 ||
      max > static_cast<int>(INT_MAX / sizeof(struct epoll_event)))
    return kForward; // EINVAL, EFAULT: the kernel says so
  PendingOp step = makeOp(OpKind::epoll_wait, pc, gControl->descriptions[instance].object);
  step.flags = timeoutNanos >= 0 ? models::kPollTimed : 0;
  step.arg = max < models::kPayloadWords ? max : models::kPayloadWords;
  const auto n = static_cast<int>(performVisible(step).result);
  const OpPayload &payload = gControl->payload[tAgent];
  for (int i = 0; i < n; ++i) {
    const uint64_t word = payload.words[i];
    events[i].events = models::epollReportEvents(word);
    events[i].data.u64 = gControl->epoll.entries[models::epollReportEntry(word)].data;
  }
  if (n == 0 && timeoutNanos > 0)
    sleepVirtually(timeoutNanos);
  return n;
}

int64_t millisToNanos(int timeout) {
  return timeout < 0 ? -1 : static_cast<int64_t>(timeout) * 1000000;
}

} // namespace

extern "C" int epoll_create(int size) {
  if (!modelled() || size <= 0)
    return LOCKSTEP_REAL(epoll_create)(size);
  return createStep(0, __builtin_return_address(0), LOCKSTEP_REAL(epoll_create), size);
}

extern "C" int epoll_create1(int flags) {
  if (!modelled() || (flags & ~EPOLL_CLOEXEC) != 0)
    return LOCKSTEP_REAL(epoll_create1)(flags);
  return createStep(flags, __builtin_return_address(0), LOCKSTEP_REAL(epoll_create1), flags);
}

extern "C" int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event) {
  if (modelled()) {
    const int rc = ctlCall(epfd, op, fd, event, __builtin_return_address(0));
    if (rc != kForward)
      return rc;
  }
  return LOCKSTEP_REAL(epoll_ctl)(epfd, op, fd, event);
}

extern "C" int epoll_wait(int epfd, struct epoll_event *events, int max, int timeout) {
  if (modelled()) {
    const int n =
        epollWaitCall(epfd, events, max, millisToNanos(timeout), __builtin_return_address(0));
    if (n != kForward)
      return n;
  }
  return LOCKSTEP_REAL(epoll_wait)(epfd, events, max, timeout);
}

extern "C" int epoll_pwait(int epfd, struct epoll_event *events, int max, int timeout,
                           const sigset_t *mask) {
  if (modelled()) {
    const int n =
        epollWaitCall(epfd, events, max, millisToNanos(timeout), __builtin_return_address(0));
    if (n != kForward)
      return n;
  }
  return LOCKSTEP_REAL(epoll_pwait)(epfd, events, max, timeout, mask);
}

extern "C" int epoll_pwait2(int epfd, struct epoll_event *events, int max,
                            const struct timespec *timeout, const sigset_t *mask) {
  if (modelled() && (timeout == nullptr || (timeout->tv_sec >= 0 && timeout->tv_nsec >= 0 &&
                                            timeout->tv_nsec < models::kNanosPerSecond))) {
    const int64_t nanos = timeout == nullptr ? -1 : nanosOf(*timeout);
    const int n = epollWaitCall(epfd, events, max, nanos, __builtin_return_address(0));
    if (n != kForward)
      return n;
  }
  return LOCKSTEP_REAL(epoll_pwait2)(epfd, events, max, timeout, mask);
}
