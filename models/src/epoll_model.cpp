// The model of epoll instances (epoll_model.h): epoll_ctl edits an instance's interest list in
// the control block's EpollTable, epoll_wait reports the ready entries (readiness from
// pollRevents, as poll and select compute it), and the release of a description drops the
// entries that watch it. Error rules from epoll_ctl(2): ADD of a (description, fd) pair already
// registered is EEXIST; MOD and DEL of an unregistered pair are ENOENT; EPOLLEXCLUSIVE with MOD,
// on an entry added with it, or with events other than EPOLLIN, EPOLLOUT, EPOLLWAKEUP and EPOLLET
// is EINVAL. The errors that need no model (EBADF, EPERM for a regular file, EINVAL for an
// invalid op or epfd == fd, EFAULT) are the kernel's: the runtime forwards those calls.
#include "lockstep/models/epoll_model.h"

#include "lockstep/models/descriptors.h"
#include "lockstep/models/poll_model.h"

#include <cerrno>
#include <poll.h>
#include <sys/epoll.h>

namespace lockstep::models {
namespace {

constexpr uint32_t kAlwaysReported = EPOLLERR | EPOLLHUP;
constexpr uint32_t kExclusiveAllowed = EPOLLIN | EPOLLOUT | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE;

uint32_t usedEntries(const ControlBlock &cb) {
  return cb.epoll.count < static_cast<uint32_t>(kMaxEpollEntries) ? cb.epoll.count
                                                                  : kMaxEpollEntries;
}

int findEntry(const ControlBlock &cb, uint32_t object, uint32_t description, int fd) {
  const uint32_t n = usedEntries(cb);
  for (uint32_t i = 0; i < n; ++i) {
    const EpollEntry &e = cb.epoll.entries[i];
    if (e.object == object && e.description == description && e.fd == fd)
      return static_cast<int>(i);
  }
  return -1;
}

int freeEntry(ControlBlock &cb) {
  const uint32_t n = usedEntries(cb);
  for (uint32_t i = 0; i < n; ++i) {
    if (cb.epoll.entries[i].object == kNoObject)
      return static_cast<int>(i);
  }
  if (n >= static_cast<uint32_t>(kMaxEpollEntries))
    return -1;
  cb.epoll.count = n + 1;
  return static_cast<int>(n);
}

void clearEntry(EpollEntry &e) { e = EpollEntry{kNoObject, kNoDescription, -1, 0, 0, 0, 0}; }

// What the entry reports now (0: not ready, or disabled by EPOLLONESHOT).
uint32_t entryRevents(const ControlBlock &cb, const EpollEntry &e) {
  if ((e.flags & kEpollEntryDisabled) != 0)
    return 0;
  const uint32_t wanted =
      (e.events & ~(EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE | EPOLLWAKEUP)) | kAlwaysReported;
  return pollRevents(cb, e.description, wanted) & wanted;
}

// The ready entry of object with the smallest sequence above `after` (the ready list's order),
// or -1.
int nextReady(const ControlBlock &cb, uint32_t object, uint32_t after, bool *any) {
  int best = -1;
  const uint32_t n = usedEntries(cb);
  for (uint32_t i = 0; i < n; ++i) {
    const EpollEntry &e = cb.epoll.entries[i];
    if (e.object != object || e.sequence <= after || entryRevents(cb, e) == 0)
      continue;
    if (best < 0 || e.sequence < cb.epoll.entries[best].sequence)
      best = static_cast<int>(i);
  }
  if (any != nullptr)
    *any = best >= 0;
  return best;
}

bool anyReady(const ControlBlock &cb, uint32_t object) {
  bool any = false;
  nextReady(cb, object, 0, &any);
  return any;
}

Outcome control(ControlBlock &cb, int agent, const PendingOp &op) {
  const auto description = static_cast<uint32_t>(op.target);
  const int fd = static_cast<int>(op.arg);
  const OpPayload &payload = cb.payload[agent];
  const auto events = static_cast<uint32_t>(payload.words[0]);
  const uint64_t data = payload.words[1];
  const int index = findEntry(cb, op.object, description, fd);
  const bool exclusive = (events & EPOLLEXCLUSIVE) != 0;
  switch (op.flags) {
  case EPOLL_CTL_ADD: {
    if (exclusive && (events & ~kExclusiveAllowed) != 0)
      return {-EINVAL}; // do_epoll_ctl checks this before looking the pair up
    if (index >= 0)
      return {-EEXIST};
    const int slot = freeEntry(cb);
    if (slot < 0)
      return {-ENOSPC, reportBug(cb, agent, VerdictKind::Unsupported,
                                 "the program watches more than %d descriptors with epoll at once",
                                 kMaxEpollEntries)};
    cb.epoll.entries[slot] =
        EpollEntry{op.object, description, fd, events, data, ++cb.epoll.sequence, 0};
    return {0};
  }
  case EPOLL_CTL_MOD: {
    if (exclusive)
      return {-EINVAL}; // likewise
    if (index < 0)
      return {-ENOENT};
    EpollEntry &e = cb.epoll.entries[index];
    if ((e.events & EPOLLEXCLUSIVE) != 0)
      return {-EINVAL};
    e.events = events;
    e.data = data;
    e.flags &= ~kEpollEntryDisabled;
    e.sequence = ++cb.epoll.sequence;
    return {0};
  }
  case EPOLL_CTL_DEL:
    if (index < 0)
      return {-ENOENT};
    clearEntry(cb.epoll.entries[index]);
    return {0};
  default:
    return {-EINVAL};
  }
}

// Reports up to op.arg ready entries in the ready list's order (ep_send_events): an EPOLLONESHOT
// entry is disabled, a level-triggered one goes to the list's tail.
Outcome wait(ControlBlock &cb, int agent, const PendingOp &op) {
  OpPayload &payload = cb.payload[agent];
  const int64_t limit = op.arg < kPayloadWords ? op.arg : kPayloadWords;
  int reported[kPayloadWords];
  uint32_t count = 0;
  uint32_t after = 0;
  while (static_cast<int64_t>(count) < limit) {
    const int i = nextReady(cb, op.object, after, nullptr);
    if (i < 0)
      break;
    after = cb.epoll.entries[i].sequence;
    payload.words[count] =
        epollReportWord(static_cast<uint32_t>(i), entryRevents(cb, cb.epoll.entries[i]));
    reported[count++] = i;
  }
  payload.count = count;
  for (uint32_t k = 0; k < count; ++k) {
    EpollEntry &e = cb.epoll.entries[reported[k]];
    if ((e.events & EPOLLONESHOT) != 0)
      e.flags |= kEpollEntryDisabled;
    e.sequence = ++cb.epoll.sequence;
  }
  return {static_cast<int64_t>(count)};
}

} // namespace

uint32_t epollRevents(const ControlBlock &cb, uint32_t object) {
  return anyReady(cb, object) ? uint32_t{POLLIN | POLLRDNORM} : 0U;
}

void epollReleaseDescription(ControlBlock &cb, uint32_t description) {
  const uint32_t object = cb.descriptions[description].object;
  const bool instance = object < static_cast<uint32_t>(cb.objectCount) && object < kMaxObjects &&
                        cb.objects[object].family == ObjectFamily::Epoll;
  const uint32_t n = usedEntries(cb);
  for (uint32_t i = 0; i < n; ++i) {
    EpollEntry &e = cb.epoll.entries[i];
    if (e.object != kNoObject && (e.description == description || (instance && e.object == object)))
      clearEntry(e);
  }
}

uint8_t epollEnabled(const ControlBlock &cb, int /*agent*/, const PendingOp &op) {
  if (op.kind != OpKind::epoll_wait)
    return 1;
  if (anyReady(cb, op.object))
    return uint8_t{1U << kVariantAcquire};
  return (op.flags & kPollTimed) != 0 ? uint8_t{1U << kVariantTimeout} : uint8_t{0};
}

Outcome epollApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant) {
  switch (op.kind) {
  case OpKind::epoll_ctl:
    return control(cb, agent, op);
  case OpKind::epoll_wait:
    if (variant == kVariantTimeout) {
      cb.payload[agent].count = 0;
      return {0};
    }
    return wait(cb, agent, op);
  default:
    return {0};
  }
}

} // namespace lockstep::models
