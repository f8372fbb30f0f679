// The model of AF_UNIX SOCK_DGRAM socket pairs (unix(7), socket(7), send(2), recv(2); where they
// are silent, Linux 6.1's net/unix/af_unix.c: unix_dgram_sendmsg, unix_dgram_recvmsg,
// unix_dgram_poll, unix_release_sock), checked against the kernel by
// tests/sockets/programs/dgram_semantics.c. Channel i carries the datagrams toward end i. The
// receive side (queue, receive, purge, poll) is shared with datagram sockets from socket(2)
// (datagram_socket_model.cpp), whose channel 0 is their receive queue and channel 1 their send
// memory.
//
// - A receive takes exactly one datagram, the oldest (the runtime's real recv then copies it,
//   truncating it to the buffer as the kernel does); it waits while the queue is empty, EAGAIN
//   when non-blocking. There is no EOF when the peer closes (unix_release_sock shuts the peer down
//   only for stream sockets): a receive returns 0 with an empty queue only once this end shut
//   its reading down. A zero-length datagram is a datagram.
// - A send queues one datagram. A socket pair's receive queue has no max_dgram_qlen limit
//   (unix_dgram_sendmsg skips unix_recvq_full when the receiver's peer is the sender); the
//   limit is the sender's memory: a send waits (EAGAIN when non-blocking) while the kernel memory
//   of its queued datagrams (their skb truesize, measured by the runtime with SIOCOUTQ) is not
//   below its SO_SNDBUF (sock_alloc_send_pskb). Errors, in the kernel's order: EPIPE after this
//   end's SHUT_WR; EMSGSIZE above SO_SNDBUF - 32; ENOTCONN once the pair was disconnected; then
//   the wait for memory; ECONNREFUSED when the peer closed (the pair is then disconnected); EPIPE
//   when the peer shut its reading down. None raises SIGPIPE (only stream sockets do). The
//   ECONNREFUSED also purges this end's own receive queue (unix_dgram_disconnected).
// - MSG_PEEK (kDatagramPeek) returns the oldest datagram and leaves it queued.
#include "lockstep/models/datagram_model.h"

#include "lockstep/models/datagram_socket_model.h"
#include "lockstep/models/descriptors.h"

#include <cerrno>
#include <poll.h>

namespace lockstep::models {
namespace {

uint32_t endOf(const FileDescriptionRecord &d) {
  return (d.access & kDescriptionSide1) != 0 ? 1 : 0;
}

bool nonblocking(const FileDescriptionRecord &d, const PendingOp &op) {
  return (d.status & kDescriptionNonblock) != 0 || (op.flags & kPipeCallNonblock) != 0;
}

bool shutRead(const FileDescriptionRecord &d) { return (d.status & kDescriptionShutRead) != 0; }
bool shutWrite(const FileDescriptionRecord &d) { return (d.status & kDescriptionShutWrite) != 0; }

uint32_t tableCount(const ControlBlock &cb) {
  return cb.datagrams.count < static_cast<uint32_t>(kMaxDatagrams) ? cb.datagrams.count
                                                                   : kMaxDatagrams;
}

// The oldest entry of the channel, or kMaxDatagrams.
uint32_t oldest(const ControlBlock &cb, uint32_t object, uint32_t channel) {
  for (uint32_t i = 0; i < tableCount(cb); ++i) {
    const DatagramEntry &e = cb.datagrams.entries[i];
    if (e.object == object && e.channel == channel)
      return i;
  }
  return kMaxDatagrams;
}

// The channel whose `buffered` holds the entry's charge (its sender's memory).
PipeState *chargeOf(ControlBlock &cb, const DatagramEntry &e) {
  if (e.sender >= static_cast<uint32_t>(cb.objectCount) || e.sender >= kMaxObjects || e.charged > 1)
    return nullptr;
  return &cb.objects[e.sender].socketPair.channel[e.charged];
}

// Removes an entry and releases its charge.
void removeEntry(ControlBlock &cb, uint32_t index) {
  if (PipeState *charge = chargeOf(cb, cb.datagrams.entries[index]); charge != nullptr)
    charge->buffered = charge->buffered > cb.datagrams.entries[index].cost
                           ? charge->buffered - cb.datagrams.entries[index].cost
                           : 0;
  const uint32_t count = tableCount(cb);
  for (uint32_t i = index; i + 1 < count; ++i)
    cb.datagrams.entries[i] = cb.datagrams.entries[i + 1];
  cb.datagrams.entries[count - 1] = DatagramEntry{};
  cb.datagrams.count = count - 1;
}

uint64_t requested(const PendingOp &op) { return op.arg > 0 ? static_cast<uint64_t>(op.arg) : 0; }

// The send's outcome that needs no memory: an errno value, or 0.
int64_t sendError(const PipeState &out, const PendingOp &op, const FileDescriptionRecord &d) {
  if (shutWrite(d))
    return -EPIPE;
  if (out.capacity < kDatagramHeadroom || requested(op) > out.capacity - kDatagramHeadroom)
    return -EMSGSIZE;
  if (out.shortWrite != 0)
    return -ENOTCONN;
  return 0;
}

} // namespace

bool isDatagramPair(const ControlBlock &cb, uint32_t object) {
  return object < static_cast<uint32_t>(cb.objectCount) && object < kMaxObjects &&
         cb.objects[object].family == ObjectFamily::Socket &&
         (cb.objects[object].flags & kObjectDatagram) != 0;
}

void datagramPairInit(ControlBlock &cb, uint32_t object, const uint32_t sendBuffer[2]) {
  socketPairInit(cb, object);
  cb.objects[object].flags |= kObjectDatagram;
  // Channel i is sent by end 1 - i and charged to that end's buffer.
  cb.objects[object].socketPair.channel[0].capacity = sendBuffer[1];
  cb.objects[object].socketPair.channel[1].capacity = sendBuffer[0];
}

uint32_t datagramsQueued(const ControlBlock &cb, uint32_t object, uint32_t channel) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < tableCount(cb); ++i) {
    const DatagramEntry &e = cb.datagrams.entries[i];
    n += e.object == object && e.channel == channel ? 1 : 0;
  }
  return n;
}

uint8_t datagramReadEnabled(const ControlBlock &cb, const PendingOp &op,
                            const FileDescriptionRecord &d) {
  if (oldest(cb, d.object, endOf(d)) < kMaxDatagrams)
    return 1;
  return shutRead(d) || nonblocking(d, op) ? 1 : 0;
}

Outcome datagramReadApply(ControlBlock &cb, const PendingOp &op, const FileDescriptionRecord &d) {
  const uint32_t index = oldest(cb, d.object, endOf(d));
  if (index >= kMaxDatagrams)
    return {shutRead(d) ? 0 : -EAGAIN};
  const uint32_t length = cb.datagrams.entries[index].length;
  if ((op.flags & kDatagramPeek) == 0)
    removeEntry(cb, index);
  return {static_cast<int64_t>(length), VerdictKind::None, kStepGotData};
}

uint8_t datagramWriteEnabled(const ControlBlock &cb, const PendingOp &op,
                             const FileDescriptionRecord &d) {
  const PipeState &out = *outboundChannel(cb, d);
  if (sendError(out, op, d) != 0 || out.buffered < out.capacity)
    return 1;
  return nonblocking(d, op) ? 1 : 0;
}

Outcome datagramWriteApply(ControlBlock &cb, const PendingOp &op, const FileDescriptionRecord &d) {
  PipeState &out = *outboundChannel(cb, d);
  if (const int64_t error = sendError(out, op, d); error != 0)
    return {error};
  if (out.buffered >= out.capacity)
    return {-EAGAIN};
  if (out.shortRead != 0) { // the peer closed: this end is disconnected, its queue purged
    out.shortWrite = 1;
    datagramPurge(cb, d.object, endOf(d));
    return {-ECONNREFUSED};
  }
  if (out.readers == 0)
    return {-EPIPE}; // the peer shut its reading down
  if (cb.datagrams.count >= static_cast<uint32_t>(kMaxDatagrams))
    return {kDatagramTableFull};
  const uint64_t length = requested(op);
  cb.datagrams.entries[cb.datagrams.count++] = DatagramEntry{
      d.object, 1 - endOf(d), 0, static_cast<uint32_t>(length), d.object, 1 - endOf(d)};
  return {static_cast<int64_t>(length)};
}

void datagramSetCost(ControlBlock &cb, uint32_t object, uint32_t channel, uint32_t cost) {
  for (uint32_t i = tableCount(cb); i-- > 0;) {
    DatagramEntry &e = cb.datagrams.entries[i];
    if (e.object == object && e.channel == channel) {
      e.cost = cost;
      if (PipeState *charge = chargeOf(cb, e); charge != nullptr)
        charge->buffered += cost;
      return;
    }
  }
}

void datagramPurge(ControlBlock &cb, uint32_t object, uint32_t channel) {
  for (uint32_t i = tableCount(cb); i-- > 0;) {
    const DatagramEntry &e = cb.datagrams.entries[i];
    if (e.object == object && e.channel == channel)
      removeEntry(cb, i);
  }
}

void datagramEndClosed(ControlBlock &cb, const FileDescriptionRecord &d) {
  datagramPurge(cb, d.object, endOf(d));
  inboundChannel(cb, d)->shortRead = 1;
}

uint32_t datagramRevents(const ControlBlock &cb, const FileDescriptionRecord &d) {
  const PipeState &out = *outboundChannel(cb, d);
  uint32_t r = 0;
  if (shutRead(d))
    r |= POLLIN | POLLRDNORM | POLLRDHUP;
  if (shutRead(d) && shutWrite(d))
    r |= POLLHUP;
  if (oldest(cb, d.object, endOf(d)) < kMaxDatagrams)
    r |= POLLIN | POLLRDNORM;
  // unix_writable: (sk_wmem_alloc << 2) <= sk_sndbuf, sk_wmem_alloc being the charge plus one.
  if ((uint64_t{out.buffered} + 1) * 4 <= out.capacity && !datagramPeerFull(cb, d.object))
    r |= POLLOUT | POLLWRNORM | POLLWRBAND;
  return r;
}

} // namespace lockstep::models
