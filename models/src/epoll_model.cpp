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

bool edgeTriggered(const EpollEntry &e) { return (e.events & EPOLLET) != 0; }

// The events the entry watches, EPOLLERR and EPOLLHUP included (do_epoll_ctl adds them).
uint32_t watchedEvents(const EpollEntry &e) {
  return (e.events & ~(EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE | EPOLLWAKEUP)) | kAlwaysReported;
}

// The events the entry's description is ready for now (0: not ready, or disabled by
// EPOLLONESHOT), whether or not the entry may report them (ep_item_poll).
uint32_t entryRevents(const ControlBlock &cb, const EpollEntry &e) {
  if ((e.flags & kEpollEntryDisabled) != 0)
    return 0;
  const uint32_t wanted = watchedEvents(e);
  return pollRevents(cb, e.description, wanted) & wanted;
}

// Whether epoll_wait looks at the entry: a level-triggered entry while it is ready, an
// edge-triggered one once woken (kEpollEntryQueued), ready or not.
bool onReadyList(const ControlBlock &cb, const EpollEntry &e) {
  if (edgeTriggered(e))
    return (e.flags & kEpollEntryQueued) != 0 && (e.flags & kEpollEntryDisabled) == 0;
  return entryRevents(cb, e) != 0;
}

// What the entry reports now: its revents when it is on the ready list.
uint32_t reportable(const ControlBlock &cb, const EpollEntry &e) {
  return onReadyList(cb, e) ? entryRevents(cb, e) : 0;
}

// ep_insert and ep_modify poll the file: an edge-triggered entry that is ready then is queued.
void armEdge(const ControlBlock &cb, EpollEntry &e) {
  if (edgeTriggered(e) && entryRevents(cb, e) != 0)
    e.flags |= kEpollEntryQueued;
}

// The entry of object with the smallest sequence above `after` that epoll_wait looks at (the
// ready list's order), or -1.
int nextOnList(const ControlBlock &cb, uint32_t object, uint32_t after) {
  int best = -1;
  const uint32_t n = usedEntries(cb);
  for (uint32_t i = 0; i < n; ++i) {
    const EpollEntry &e = cb.epoll.entries[i];
    if (e.object != object || e.sequence <= after || !onReadyList(cb, e))
      continue;
    if (best < 0 || e.sequence < cb.epoll.entries[best].sequence)
      best = static_cast<int>(i);
  }
  return best;
}

// Whether epoll_wait on object would report an entry now.
bool anyReady(const ControlBlock &cb, uint32_t object) {
  const uint32_t n = usedEntries(cb);
  for (uint32_t i = 0; i < n; ++i) {
    if (cb.epoll.entries[i].object == object && reportable(cb, cb.epoll.entries[i]) != 0)
      return true;
  }
  return false;
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
    armEdge(cb, cb.epoll.entries[slot]);
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
    armEdge(cb, e); // an entry already woken stays so (ep_modify leaves it on the list)
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
// entry is disabled, a level-triggered one goes to the list's tail, an edge-triggered one leaves
// the list (reported or, when not ready, dropped) until its next wakeup.
Outcome wait(ControlBlock &cb, int agent, const PendingOp &op) {
  OpPayload &payload = cb.payload[agent];
  const int64_t limit = op.arg < kPayloadWords ? op.arg : kPayloadWords;
  int reported[kPayloadWords];
  uint32_t count = 0;
  uint32_t after = 0;
  while (static_cast<int64_t>(count) < limit) {
    const int i = nextOnList(cb, op.object, after);
    if (i < 0)
      break;
    EpollEntry &e = cb.epoll.entries[i];
    after = e.sequence;
    const uint32_t revents = entryRevents(cb, e);
    e.flags &= ~kEpollEntryQueued;
    if (revents == 0)
      continue; // woken, but not ready now: dropped from the list
    payload.words[count] = epollReportWord(static_cast<uint32_t>(i), revents);
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

// A timed-out wait also looked at the list (ep_poll calls ep_send_events when it is not empty):
// nothing was ready, so every woken edge-triggered entry of the instance is dropped.
void dropStaleEdges(ControlBlock &cb, uint32_t object) {
  const uint32_t n = usedEntries(cb);
  for (uint32_t i = 0; i < n; ++i) {
    if (cb.epoll.entries[i].object == object)
      cb.epoll.entries[i].flags &= ~kEpollEntryQueued;
  }
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

void epollWakeDescription(ControlBlock &cb, uint32_t description, uint32_t key) {
  const uint32_t n = usedEntries(cb);
  for (uint32_t i = 0; i < n; ++i) {
    EpollEntry &e = cb.epoll.entries[i];
    if (e.object == kNoObject || e.description != description || !edgeTriggered(e) ||
        (e.flags & kEpollEntryDisabled) != 0) // ep_poll_callback: a disarmed EPOLLONESHOT entry
      continue;
    if ((key & watchedEvents(e)) != 0) // kEpollWakeAll matches every entry
      e.flags |= kEpollEntryQueued;
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
      dropStaleEdges(cb, op.object);
      return {0};
    }
    return wait(cb, agent, op);
  default:
    return {0};
  }
}

} // namespace lockstep::models
