// The model of AF_UNIX SOCK_DGRAM sockets from socket(2) (datagram_socket_model.h,
// docs/sockets.md): connect to a default peer and send to a bound socket. Linux semantics:
// unix(7), connect(2), send(2), and where they are silent Linux 6.1's net/unix/af_unix.c
// (unix_dgram_connect, unix_dgram_sendmsg, unix_may_send, unix_recvq_full, unix_dgram_poll,
// unix_dgram_disconnected), checked against the kernel by tests/dgram/programs/
// dgram_socket_semantics.c.
//
// A send, in unix_dgram_sendmsg's order: no address and no peer is ENOTCONN; a datagram longer
// than SO_SNDBUF - 32 is EMSGSIZE; after this socket's SHUT_WR, EPIPE; then it waits (EAGAIN when
// non-blocking) while its memory charge is not below SO_SNDBUF (sock_alloc_send_pskb). Then the
// receiver: the socket bound at the address (none: ENOENT or ECONNREFUSED, the runtime asks the
// file system; a stream socket: EPROTOTYPE), or the connected peer (closed: ECONNREFUSED, which
// disconnects this socket and purges its own receive queue; the next send says ENOTCONN). A
// receiver connected to another socket refuses with EPERM (unix_may_send); one that shut its
// reading down, EPIPE. A receiver whose queue holds more than its limit (max_dgram_qlen) makes the
// send wait, or EAGAIN, unless the receiver is connected to the sender (unix_dgram_sendmsg skips
// unix_recvq_full then). connect: the same lookup and EPERM; connecting elsewhere (or AF_UNSPEC)
// purges the old connection's receive queue.
#include "lockstep/models/datagram_socket_model.h"

#include "lockstep/models/datagram_model.h"
#include "lockstep/models/descriptors.h"
#include "lockstep/models/socket_model.h"

#include <cerrno>
#include <sys/socket.h>

namespace lockstep::models {
namespace {

// A send's decision before it queues anything: an errno value, a wait, a refusal by a closed
// peer, or go.
// (Apart from every errno value and from kDatagramNoReceiver.)
constexpr int64_t kGo = 0;
constexpr int64_t kWaitMemory = -2000001;
constexpr int64_t kWaitQueue = -2000002;
constexpr int64_t kPeerGone = -2000003;

bool validObject(const ControlBlock &cb, uint32_t object) {
  return object < static_cast<uint32_t>(cb.objectCount) && object < kMaxObjects;
}

uint64_t lengthOf(const ControlBlock &cb, int agent) {
  return agent >= 0 && agent < kMaxAgents ? cb.payload[agent].words[0] : 0;
}

bool queueFull(const ControlBlock &cb, uint32_t receiver) {
  return datagramsQueued(cb, receiver, 0) > cb.objects[receiver].socket.backlog;
}

// No socket at a name: ENOENT or ECONNREFUSED for a path (the runtime asks whether the file
// exists), ECONNREFUSED for an abstract name.
int64_t nobodyAt(uint64_t address) {
  return (address & kAddressTagMask) == kAddressUnixPath ? kSocketNoListener : -ECONNREFUSED;
}

// The socket at address for a datagram sender, in unix_find_other's terms: a negated errno value
// (or kSocketNoListener), else 0 and *found.
int64_t lookUp(const ControlBlock &cb, uint64_t address, uint32_t *found) {
  for (int i = 0; i < cb.objectCount && i < kMaxObjects; ++i) {
    const ObjectRecord &o = cb.objects[i];
    if (o.family != ObjectFamily::Socket || o.socket.local != address ||
        (o.socket.role != kSocketBound && o.socket.role != kSocketListening))
      continue;
    if (!isDatagramSocket(cb, static_cast<uint32_t>(i)))
      return -EPROTOTYPE;
    *found = static_cast<uint32_t>(i);
    return 0;
  }
  return nobodyAt(address);
}

// unix_may_send: a receiver connected to a socket other than the sender refuses it.
bool maySend(const SocketState &receiver, uint32_t sender) {
  return receiver.listener == kNoObject || receiver.listener == sender;
}

int64_t decide(const ControlBlock &cb, int agent, const PendingOp &op,
               const FileDescriptionRecord &d, uint32_t *receiver) {
  const SocketState &s = cb.objects[op.object].socket;
  const auto address = static_cast<uint64_t>(op.arg);
  if (address == 0 && s.listener == kNoObject)
    return -ENOTCONN;
  const PipeState &memory = s.channel[1];
  if (memory.capacity < kDatagramHeadroom ||
      lengthOf(cb, agent) > memory.capacity - kDatagramHeadroom)
    return -EMSGSIZE;
  if ((d.status & kDescriptionShutWrite) != 0)
    return -EPIPE;
  if (memory.buffered >= memory.capacity)
    return kWaitMemory;
  if (address == 0) {
    *receiver = s.listener;
    if (!validObject(cb, *receiver) || cb.objects[*receiver].socket.role == kSocketClosed)
      return kPeerGone;
  } else if (const int64_t error = lookUp(cb, address, receiver); error != 0) {
    return error == kSocketNoListener ? kDatagramNoReceiver : error;
  }
  const SocketState &r = cb.objects[*receiver].socket;
  if (!maySend(r, op.object))
    return -EPERM;
  if (r.channel[0].readers == 0)
    return -EPIPE; // the receiver shut its reading down
  if (r.listener != op.object && queueFull(cb, *receiver))
    return kWaitQueue;
  return kGo;
}

void disconnect(ControlBlock &cb, uint32_t object) {
  cb.objects[object].socket.listener = kNoObject;
  datagramPurge(cb, object, 0); // unix_dgram_disconnected
}

} // namespace

bool isDatagramSocket(const ControlBlock &cb, uint32_t object) {
  return isDatagramPair(cb, object) && cb.objects[object].socket.domain == AF_UNIX;
}

void datagramSocketInit(ControlBlock &cb, uint32_t object, uint32_t sendBuffer, uint32_t maxQueue) {
  ObjectRecord &o = cb.objects[object];
  o.flags |= kObjectDatagram;
  for (PipeState &p : o.socket.channel) {
    p = PipeState{};
    p.readers = 1;
    p.writers = 1;
  }
  o.socket.channel[1].capacity = sendBuffer;
  o.socket.backlog = maxQueue;
  o.socket.listener = kNoObject;
}

void autobindName(uint32_t number, char name[kAutobindNameLength + 1]) {
  static const char kHex[] = "0123456789abcdef";
  for (int i = kAutobindNameLength; i-- > 0; number >>= 4)
    name[i] = kHex[number & 15];
  name[kAutobindNameLength] = '\0';
}

uint64_t datagramAutobindAddress(const ControlBlock &cb) {
  for (uint32_t number = 0; number <= 0xfffff; ++number) {
    char name[kAutobindNameLength + 1];
    autobindName(number, name);
    const uint64_t address = socketNameAddress(true, name, kAutobindNameLength);
    bool used = false;
    for (int i = 0; i < cb.objectCount && i < kMaxObjects && !used; ++i) {
      const ObjectRecord &o = cb.objects[i];
      used = o.family == ObjectFamily::Socket && o.socket.local == address &&
             (o.socket.role == kSocketBound || o.socket.role == kSocketListening);
    }
    if (!used)
      return address;
  }
  return 0;
}

uint32_t datagramBoundAt(const ControlBlock &cb, uint64_t address) {
  uint32_t found = kNoObject;
  return lookUp(cb, address, &found) == 0 ? found : kNoObject;
}

Outcome datagramConnectApply(ControlBlock &cb, const PendingOp &op) {
  SocketState &s = cb.objects[op.object].socket;
  const auto address = static_cast<uint64_t>(op.arg);
  uint32_t peer = kNoObject;
  if (address != 0) {
    if (const int64_t error = lookUp(cb, address, &peer); error != 0)
      return {error};
    if (!maySend(cb.objects[peer].socket, op.object))
      return {-EPERM};
  }
  if (s.listener != kNoObject && s.listener != peer)
    disconnect(cb, op.object);
  s.listener = peer;
  return {0};
}

uint8_t datagramSendEnabled(const ControlBlock &cb, int agent, const PendingOp &op) {
  const FileDescriptionRecord *d = descriptionOfOp(cb, op);
  if (d == nullptr || !isDatagramSocket(cb, op.object))
    return 1;
  uint32_t receiver = kNoObject;
  const int64_t decision = decide(cb, agent, op, *d, &receiver);
  return decision == kWaitMemory || decision == kWaitQueue ? (callNonblocking(*d, op) ? 1 : 0) : 1;
}

Outcome datagramSendApply(ControlBlock &cb, int agent, const PendingOp &op) {
  const FileDescriptionRecord *d = descriptionOfOp(cb, op);
  if (d == nullptr || !isDatagramSocket(cb, op.object))
    return {-EBADF};
  uint32_t receiver = kNoObject;
  const int64_t decision = decide(cb, agent, op, *d, &receiver);
  if (decision == kWaitMemory || decision == kWaitQueue)
    return {-EAGAIN};
  if (decision == kPeerGone) {
    disconnect(cb, op.object);
    return {-ECONNREFUSED};
  }
  if (decision != kGo)
    return {decision};
  if (cb.datagrams.count >= static_cast<uint32_t>(kMaxDatagrams))
    return {kDatagramTableFull};
  const auto length = static_cast<uint32_t>(lengthOf(cb, agent));
  cb.datagrams.entries[cb.datagrams.count++] = DatagramEntry{receiver, 0, 0, length, op.object, 1};
  return {static_cast<int64_t>(length)};
}

uint32_t datagramSendReceiver(const ControlBlock &cb, const PendingOp &op) {
  if (!isDatagramSocket(cb, op.object))
    return kNoObject;
  const auto address = static_cast<uint64_t>(op.arg);
  return address == 0 ? cb.objects[op.object].socket.listener : datagramBoundAt(cb, address);
}

bool datagramPeerFull(const ControlBlock &cb, uint32_t object) {
  if (!isDatagramSocket(cb, object))
    return false;
  const uint32_t peer = cb.objects[object].socket.listener;
  if (!validObject(cb, peer) || cb.objects[peer].socket.role == kSocketClosed)
    return false;
  return cb.objects[peer].socket.listener != object && queueFull(cb, peer);
}

} // namespace lockstep::models
