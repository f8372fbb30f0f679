// The wakeups of edge-triggered epoll entries (epoll_edges.h), derived from each step's effect
// on the descriptions they watch. Sources: Linux 6.1 fs/pipe.c (pipe_write wakes rd_wait with
// EPOLLIN for every write; pipe_read wakes wr_wait with EPOLLOUT when the pipe was full;
// pipe_release wakes both queues without a key when the last reader or writer goes; fifo_open
// wakes the readers when the first reader or writer opens), net/unix/af_unix.c (every message
// sent calls the receiver's sk_data_ready; a consumed message frees the sender's memory and
// unix_write_space wakes it with EPOLLOUT if it is writable; shutdown and release call
// sk_state_change on both ends, a wakeup without a key), net/core/sock.c (sock_def_readable,
// sock_def_wakeup) and fs/eventpoll.c (ep_poll_callback ignores a keyed wakeup that shares no
// event with the entry; the key-less one queues it).
#include "lockstep/models/epoll_edges.h"

#include "lockstep/models/datagram_model.h"
#include "lockstep/models/descriptors.h"
#include "lockstep/models/epoll_model.h"
#include "lockstep/models/poll_model.h"
#include "lockstep/models/socket_model.h"

#include <poll.h>
#include <sys/epoll.h>

namespace lockstep::models {
namespace {

constexpr uint32_t kShutBits = kDescriptionShutRead | kDescriptionShutWrite;
constexpr uint32_t kInKey = EPOLLIN | EPOLLRDNORM;
constexpr uint32_t kOutKey = EPOLLOUT | EPOLLWRNORM;

bool liveDescription(const ControlBlock &cb, uint32_t description) {
  return description < static_cast<uint32_t>(cb.descriptionCount) &&
         description < kMaxDescriptions && cb.descriptions[description].refs != 0 &&
         cb.descriptions[description].object < static_cast<uint32_t>(cb.objectCount);
}

bool armedEdge(const EpollEntry &e) {
  return e.object != kNoObject && (e.events & EPOLLET) != 0 && (e.flags & kEpollEntryDisabled) == 0;
}

} // namespace

EdgeSignature edgeSignature(const ControlBlock &cb, uint32_t description) {
  EdgeSignature s{};
  s.description = description;
  if (!liveDescription(cb, description)) {
    s.revents = POLLNVAL;
    return s;
  }
  const FileDescriptionRecord &d = cb.descriptions[description];
  const ObjectRecord &o = cb.objects[d.object];
  if (o.family != ObjectFamily::Pipe && o.family != ObjectFamily::Socket) {
    s.revents = POLLNVAL; // not a file Lockstep wakes (an epoll instance is refused)
    return s;
  }
  s.revents = pollRevents(cb, description, ~0U);
  s.shut = d.status & kShutBits;
  if (socketIsEndpoint(cb, d)) { // a listener or an unconnected socket: its queue only
    s.arrivals = o.socket.queued;
    return s;
  }
  const PipeState &in = *inboundChannel(cb, d);
  const PipeState &out = *outboundChannel(cb, d);
  s.inWriters = in.writers;
  s.inReaders = in.readers;
  s.outReaders = out.readers;
  if (isDatagramPair(cb, d.object)) {
    // A datagram's memory is charged after the step (datagramSetCost): count the datagrams.
    const uint32_t side = (d.access & kDescriptionSide1) != 0 ? 1 : 0;
    s.arrivals = datagramsQueued(cb, d.object, side);
  } else {
    s.arrivals = in.buffered;
  }
  s.outbound = out.buffered;
  return s;
}

uint32_t edgeWakeKey(const ControlBlock &cb, const EdgeSignature &before,
                     const EdgeSignature &after) {
  if ((before.revents & POLLNVAL) != 0 || (after.revents & POLLNVAL) != 0)
    return 0;
  const FileDescriptionRecord &d = cb.descriptions[after.description];
  const ObjectRecord &o = cb.objects[d.object];
  const bool socket = o.family == ObjectFamily::Socket;
  const bool reads = socket || (d.access & kDescriptionRead) != 0;
  const bool writes = socket || (d.access & kDescriptionWrite) != 0;
  // Key-less wakeups: the last writer toward it or reader of what it writes is gone (pipe_release,
  // unix_release_sock), a shutdown of either end (sk_state_change), a FIFO's first reader or
  // writer arriving (fifo_open's wake_up_partner wakes the read side).
  if ((reads && before.inWriters > 0 && after.inWriters == 0) ||
      (writes && before.outReaders > 0 && after.outReaders == 0) || before.shut != after.shut)
    return kEpollWakeAll;
  if (!socket && reads && o.pipe.fifo != 0 &&
      ((before.inWriters == 0 && after.inWriters > 0) ||
       (before.inReaders == 0 && after.inReaders > 0)))
    return kEpollWakeAll;
  // Readiness it gained was signalled (a FIFO's or socket's state change, room for a writer).
  uint32_t key = after.revents & ~before.revents;
  if (reads && after.arrivals > before.arrivals) // data, a datagram, a connection
    key |= kInKey;
  if (socket && writes && after.outbound < before.outbound && (after.revents & POLLOUT) != 0)
    key |= kOutKey; // its peer consumed data while it is writable
  return key;
}

EpollEdgeProbe::EpollEdgeProbe(const ControlBlock &cb) {
  const uint32_t n = cb.epoll.count < static_cast<uint32_t>(kMaxEpollEntries)
                         ? cb.epoll.count
                         : static_cast<uint32_t>(kMaxEpollEntries);
  for (uint32_t i = 0; i < n; ++i) {
    const EpollEntry &e = cb.epoll.entries[i];
    if (!armedEdge(e))
      continue;
    bool seen = false;
    for (uint32_t k = 0; k < count_ && !seen; ++k)
      seen = before_[k].description == e.description;
    if (seen)
      continue;
    if (count_ == kMaxEdgeDescriptions) {
      overflow_ = true;
      return;
    }
    before_[count_++] = edgeSignature(cb, e.description);
  }
}

VerdictKind EpollEdgeProbe::wake(ControlBlock &cb, int agent) const {
  if (overflow_)
    return reportBug(cb, agent, VerdictKind::Unsupported,
                     "the program watches more than %u descriptors with edge-triggered (EPOLLET) "
                     "epoll entries at once",
                     kMaxEdgeDescriptions);
  for (uint32_t k = 0; k < count_; ++k) {
    const uint32_t key = edgeWakeKey(cb, before_[k], edgeSignature(cb, before_[k].description));
    if (key != 0)
      epollWakeDescription(cb, before_[k].description, key);
  }
  return VerdictKind::None;
}

} // namespace lockstep::models
