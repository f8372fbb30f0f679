// The socket model (socket_model.h, docs/sockets.md): socket_create, socket_bind,
// socket_listen, socket_connect and socket_accept on AF_UNIX and loopback TCP stream sockets,
// their poll readiness before they are connected, and the Socket family's dependence rule.
#include "lockstep/models/socket_model.h"

#include "lockstep/models/datagram_socket_model.h" // AF_UNIX datagram sockets
#include "lockstep/models/descriptors.h"
#include "lockstep/models/operations.h"

#include <cerrno>
#include <poll.h>
#include <sys/socket.h>

namespace lockstep::models {
namespace {

bool validSocket(const ControlBlock &cb, uint32_t object) {
  return object < static_cast<uint32_t>(cb.objectCount) && object < kMaxObjects &&
         cb.objects[object].family == ObjectFamily::Socket;
}

bool nonblocking(const ControlBlock &cb, const PendingOp &op) {
  const FileDescriptionRecord *d = descriptionOfOp(cb, op);
  return (op.flags & kSocketCallNonblock) != 0 ||
         (d != nullptr && (d->status & kDescriptionNonblock) != 0);
}

// The name an address occupies: 127.0.0.1:P and 0.0.0.0:P are one port.
uint64_t nameOf(uint64_t address) {
  return (address & kAddressTagMask) == kAddressInet ? address & ~kAddressInetAny : address;
}

bool holdsAddress(const SocketState &s) {
  return s.role == kSocketBound || s.role == kSocketListening;
}

// The lowest port above every port this execution's sockets took (deterministic per schedule),
// 0 when the range is used up.
uint16_t ephemeralPort(const ControlBlock &cb) {
  uint32_t next = kEphemeralFirst;
  for (int i = 0; i < cb.objectCount && i < kMaxObjects; ++i) {
    const ObjectRecord &o = cb.objects[i];
    if (o.family != ObjectFamily::Socket || (o.socket.local & kAddressTagMask) != kAddressInet)
      continue;
    const uint32_t port = inetPort(o.socket.local);
    if (port >= next && port <= kEphemeralLast)
      next = port + 1;
  }
  return next <= kEphemeralLast ? static_cast<uint16_t>(next) : 0;
}

bool addressInUse(const ControlBlock &cb, uint64_t address) {
  for (int i = 0; i < cb.objectCount && i < kMaxObjects; ++i) {
    const ObjectRecord &o = cb.objects[i];
    if (o.family == ObjectFamily::Socket && holdsAddress(o.socket) &&
        nameOf(o.socket.local) == nameOf(address))
      return true;
  }
  return false;
}

uint32_t findListener(const ControlBlock &cb, uint64_t address) {
  for (int i = 0; i < cb.objectCount && i < kMaxObjects; ++i) {
    const ObjectRecord &o = cb.objects[i];
    if (o.family == ObjectFamily::Socket && o.socket.role == kSocketListening &&
        nameOf(o.socket.local) == nameOf(address))
      return static_cast<uint32_t>(i);
  }
  return kNoObject;
}

// The accept queue is full when it holds more than backlog connections.
bool queueFull(const SocketState &listener) { return listener.queued > listener.backlog; }

// The oldest connection in listener's accept queue.
uint32_t oldestQueued(const ControlBlock &cb, uint32_t listener) {
  uint32_t best = kNoObject;
  for (int i = 0; i < cb.objectCount && i < kMaxObjects; ++i) {
    const ObjectRecord &o = cb.objects[i];
    if (o.family == ObjectFamily::Socket && o.socket.role == kSocketConnected &&
        o.socket.listener == listener &&
        (best == kNoObject || o.socket.ticket < cb.objects[best].socket.ticket))
      best = static_cast<uint32_t>(i);
  }
  return best;
}

// Binding a fresh socket to nothing: an ephemeral port (TCP) or an abstract name made from the
// real inode (AF_UNIX autobind, unix(7)). 0 when no port is left.
uint64_t autobindAddress(const ControlBlock &cb, const SocketState &s) {
  if (s.domain == AF_INET) {
    const uint16_t port = ephemeralPort(cb);
    return port == 0 ? 0 : inetAddress(port, true);
  }
  return kAddressUnixAbstract | ((s.realInode * 0x9e3779b97f4a7c15ULL) >> 8);
}

Outcome bindApply(ControlBlock &cb, uint32_t object, uint64_t address) {
  SocketState &s = cb.objects[object].socket;
  if (s.role != kSocketFresh)
    return {-EINVAL};
  if (address == 0) { // AF_UNIX bind with no name: autobind (unix(7))
    address = isDatagramSocket(cb, object) ? datagramAutobindAddress(cb) : autobindAddress(cb, s);
    if (address == 0)
      return {-ENOSPC};
  } else if ((address & kAddressTagMask) == kAddressInet && inetPort(address) == 0) {
    const uint16_t port = ephemeralPort(cb);
    if (port == 0)
      return {-EADDRINUSE};
    address |= port;
  } else if (addressInUse(cb, address)) {
    return {-EADDRINUSE};
  }
  s.local = address;
  s.role = kSocketBound;
  return {0};
}

Outcome listenApply(ControlBlock &cb, SocketState &s, int64_t backlog) {
  if (s.role == kSocketConnected || s.role == kSocketClosed)
    return {-EINVAL};
  if (s.role == kSocketFresh) {
    const uint64_t address = autobindAddress(cb, s);
    if (address == 0)
      return {-EADDRINUSE};
    s.local = address;
  }
  // listen(2): a backlog above somaxconn (or negative, as unsigned) is silently truncated.
  const auto wanted = static_cast<uint64_t>(static_cast<uint32_t>(backlog));
  s.backlog = static_cast<uint32_t>(wanted > kSomaxconn ? kSomaxconn : wanted);
  s.role = kSocketListening;
  return {0};
}

// unix_stream_connect looks the listener up and waits for room before it checks its own socket
// (a connected AF_UNIX socket connecting again to a full queue waits, or says EAGAIN); TCP checks
// its own socket first (EISCONN).
bool checksSelfFirst(const SocketState &s) {
  return s.domain != AF_UNIX ||
         (s.role != kSocketFresh && s.role != kSocketBound && s.role != kSocketConnected);
}

uint8_t connectEnabled(const ControlBlock &cb, const PendingOp &op) {
  const SocketState &s = cb.objects[op.object].socket;
  if (checksSelfFirst(s) && s.role != kSocketFresh && s.role != kSocketBound)
    return 1; // EISCONN, EINVAL
  const uint32_t listener = findListener(cb, static_cast<uint64_t>(op.arg));
  if (listener == kNoObject || !queueFull(cb.objects[listener].socket))
    return 1;
  return nonblocking(cb, op) ? 1 : 0;
}

Outcome connectApply(ControlBlock &cb, uint32_t object, const PendingOp &op) {
  SocketState &s = cb.objects[object].socket;
  const Outcome self = {s.role == kSocketConnected ? -EISCONN : -EINVAL};
  const bool unconnected = s.role == kSocketFresh || s.role == kSocketBound;
  if (checksSelfFirst(s) && !unconnected)
    return self;
  const auto address = static_cast<uint64_t>(op.arg);
  const uint32_t listener = findListener(cb, address);
  if (listener == kNoObject && datagramBoundAt(cb, address) != kNoObject)
    return {-EPROTOTYPE}; // unix_find_other: a socket of another type
  if (listener == kNoObject)
    return {(address & kAddressTagMask) == kAddressUnixPath ? kSocketNoListener : -ECONNREFUSED};
  SocketState &l = cb.objects[listener].socket;
  if (queueFull(l))
    return {-EAGAIN};
  if (!unconnected)
    return self;
  if (s.local == 0 && s.domain == AF_INET) { // connect binds an unbound TCP socket (ip(7))
    const uint16_t port = ephemeralPort(cb);
    if (port == 0)
      return {-EADDRNOTAVAIL};
    s.local = inetAddress(port, false);
  }
  for (PipeState &p : s.channel) {
    p = PipeState{};
    p.capacity = kPipeDefaultCapacity;
    p.readers = 1;
    p.writers = 1;
  }
  s.role = kSocketConnected;
  s.listener = listener;
  s.ticket = l.ticket++;
  s.accepted = 0;
  s.peer = nameOf(l.local);
  ++l.queued;
  // tcp(7): a non-blocking connect reports EINPROGRESS; the loopback handshake is done at once.
  const bool tcp = (op.flags & kSocketTcp) != 0;
  return {tcp && nonblocking(cb, op) ? -EINPROGRESS : 0};
}

uint8_t acceptEnabled(const ControlBlock &cb, const PendingOp &op) {
  const SocketState &l = cb.objects[op.object].socket;
  if (l.role != kSocketListening || l.queued > 0)
    return 1;
  return nonblocking(cb, op) ? 1 : 0;
}

Outcome acceptApply(ControlBlock &cb, uint32_t object, const PendingOp &op) {
  SocketState &l = cb.objects[object].socket;
  if (l.role != kSocketListening)
    return {-EINVAL};
  const uint32_t connection = l.queued > 0 ? oldestQueued(cb, object) : kNoObject;
  if (connection == kNoObject)
    return {nonblocking(cb, op) ? -EAGAIN : -EINVAL};
  SocketState &c = cb.objects[connection].socket;
  c.listener = kNoObject;
  c.accepted = 1;
  --l.queued;
  return {static_cast<int64_t>(connection)};
}

uint64_t fnv(uint64_t h, const char *bytes, uint64_t length) {
  for (uint64_t i = 0; i < length; ++i) {
    h ^= static_cast<unsigned char>(bytes[i]);
    h *= 0x100000001b3ULL;
  }
  return h;
}

} // namespace

uint64_t socketNameAddress(bool abstract, const char *name, uint64_t length) {
  const uint64_t hash = fnv(0xcbf29ce484222325ULL, name, length) & ~kAddressTagMask;
  return (abstract ? kAddressUnixAbstract : kAddressUnixPath) | (hash == 0 ? 1 : hash);
}

void socketInit(ControlBlock &cb, uint32_t object, int domain, uint64_t realInode) {
  SocketState &s = cb.objects[object].socket;
  s = SocketState{};
  s.role = kSocketFresh;
  s.domain = static_cast<uint8_t>(domain);
  s.listener = kNoObject;
  s.realInode = realInode;
}

void socketForgetBind(ControlBlock &cb, uint32_t object) {
  SocketState &s = cb.objects[object].socket;
  s.role = kSocketFresh;
  s.local = 0;
}

void socketReleased(ControlBlock &cb, const FileDescriptionRecord &d) {
  if (!validSocket(cb, d.object))
    return;
  SocketState &s = cb.objects[d.object].socket;
  if (s.role == kSocketConnected)
    return; // a connection or a socket pair: its channels already lost this end
  if (s.role == kSocketListening) {
    // unix_release_sock, inet_csk_listen_stop: the connections never accepted are dropped.
    for (int i = 0; i < cb.objectCount && i < kMaxObjects; ++i) {
      ObjectRecord &o = cb.objects[i];
      if (o.family != ObjectFamily::Socket || o.socket.role != kSocketConnected ||
          o.socket.listener != d.object)
        continue;
      o.socket.listener = kNoObject;
      if (o.socket.channel[0].writers > 0)
        --o.socket.channel[0].writers;
      if (o.socket.channel[1].readers > 0)
        --o.socket.channel[1].readers;
    }
    s.queued = 0;
  }
  s.role = kSocketClosed;
  s.local = 0;
}

bool socketIsEndpoint(const ControlBlock &cb, const FileDescriptionRecord &d) {
  return validSocket(cb, d.object) && cb.objects[d.object].socket.role != kSocketConnected &&
         !isDatagramSocket(cb, d.object);
}

uint32_t socketEndpointRevents(const ControlBlock &cb, const FileDescriptionRecord &d) {
  const SocketState &s = cb.objects[d.object].socket;
  if (s.role == kSocketListening)
    return s.queued > 0 ? uint32_t{POLLIN | POLLRDNORM} : 0U;
  return POLLOUT | POLLWRNORM | POLLHUP;
}

uint64_t socketLocalAddress(const ControlBlock &cb, const FileDescriptionRecord &d) {
  if (!validSocket(cb, d.object))
    return 0;
  const SocketState &s = cb.objects[d.object].socket;
  if (s.role == kSocketConnected && (d.access & kDescriptionSide1) != 0)
    return s.peer;
  return s.local;
}

uint64_t socketPeerAddress(const ControlBlock &cb, const FileDescriptionRecord &d) {
  if (!validSocket(cb, d.object))
    return 0;
  const SocketState &s = cb.objects[d.object].socket;
  if (s.role != kSocketConnected)
    return 0;
  return (d.access & kDescriptionSide1) != 0 ? nameOf(s.local) : s.peer;
}

uint8_t socketEnabled(const ControlBlock &cb, int agent, const PendingOp &op) {
  if (!validSocket(cb, op.object))
    return 1;                          // socket_create: the object exists only after the call
  if (isDatagramSocket(cb, op.object)) // AF_UNIX datagram sockets
    return op.kind == OpKind::socket_sendto ? datagramSendEnabled(cb, agent, op) : 1;
  switch (op.kind) {
  case OpKind::socket_connect:
    return connectEnabled(cb, op);
  case OpKind::socket_accept:
    return acceptEnabled(cb, op);
  default:
    return 1;
  }
}

// unlink(2) of a socket file: the sockets bound at that path are reachable by it no more.
Outcome unlinkApply(ControlBlock &cb, uint64_t address) {
  for (int i = 0; i < cb.objectCount && i < kMaxObjects; ++i) {
    ObjectRecord &o = cb.objects[i];
    if (o.family == ObjectFamily::Socket && o.socket.local == address)
      o.socket.local = (address & ~kAddressTagMask) | kAddressUnixRemoved;
  }
  return {0};
}

Outcome socketApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t /*variant*/) {
  if (op.kind == OpKind::socket_unlink)
    return unlinkApply(cb, static_cast<uint64_t>(op.arg));
  if (!validSocket(cb, op.object))
    return {op.kind == OpKind::socket_create ? 0 : -EBADF};
  SocketState &s = cb.objects[op.object].socket;
  if (op.kind == OpKind::socket_sendto) // AF_UNIX datagram sockets
    return datagramSendApply(cb, agent, op);
  if (op.kind == OpKind::socket_connect && isDatagramSocket(cb, op.object))
    return datagramConnectApply(cb, op);
  switch (op.kind) {
  case OpKind::socket_bind:
    return bindApply(cb, op.object, static_cast<uint64_t>(op.arg));
  case OpKind::socket_listen:
    return listenApply(cb, s, op.arg);
  case OpKind::socket_connect:
    return connectApply(cb, op.object, op);
  case OpKind::socket_accept:
    return acceptApply(cb, op.object, op);
  default:
    return {0};
  }
}

// Exact where stated, conservative elsewhere:
// - the end of a process or an exec closes descriptors the event does not name (a listener:
//   connect is refused after): dependent (conservative);
// - steps of one process share its descriptor table: dependent (conservative);
// - across processes, socket_create touches a fresh object only, but two creations number
//   their objects in their order: dependent with socket_create and pipe_create only (exact);
//   pipe_read and pipe_write only move a connection's bytes, which no socket step
//   reads, except the connect that makes that connection (same object; exact); fd_dup adds a
//   reference that its own descriptor keeps: independent (exact); fd_fcntl and fd_shutdown act
//   on their object only (same object; exact); fd_close may release a listener or an address:
//   dependent with bind, listen and connect unless the step is known to have freed none
//   (kStepKeptAddresses: whether a close releases depends on references only, which no socket
//   step changes; exact), never with accept, whose own descriptor keeps its listener (exact);
//   fd_poll and epoll_wait watch descriptors they do not name: dependent (conservative);
// - between socket steps of two processes: two accepts conflict on one listener only (exact);
//   accept and connect conflict (conservative: a connect's event does not name its listener);
//   accept and bind never (exact), accept and listen on one listener (exact); bind, listen and
//   connect share one address space: dependent (conservative for distinct addresses).
//
// socket_sendto (AF_UNIX datagram sockets): its event names the sender, not the receiver (a
// pending send's receiver is known only when it runs), so it is conservatively dependent with
// every step of another process that may touch a datagram socket's queue, memory, address or
// connection: pipe_read, pipe_write, fd_close, fd_shutdown, fd_poll, epoll_wait and every socket
// step but socket_create (a fresh socket is unbound and unconnected) and socket_accept (on a
// stream listener, which no datagram reaches); fd_fcntl only on its own object (O_NONBLOCK of
// the sender's description; exact), fd_dup and epoll_ctl never (exact).
static bool datagramSendDependent(const Event &send, const Event &b) {
  switch (b.op) {
  case OpKind::socket_create:
  case OpKind::socket_accept:
  case OpKind::fd_dup:
  case OpKind::epoll_ctl:
  case OpKind::epoll_create:
    return false;
  case OpKind::fd_fcntl:
    return b.object == send.object;
  default:
    break;
  }
  const ObjectFamily fb = opFamily(b.op);
  return fb == ObjectFamily::Pipe || fb == ObjectFamily::Descriptor || fb == ObjectFamily::Socket ||
         fb == ObjectFamily::Epoll;
}

bool socketDependent(const Event &a, const Event &b, const DependenceContext &c) {
  // An unlink changes which socket a path reaches: conservatively dependent with every socket
  // step (it names no object).
  if (a.op == OpKind::socket_unlink || b.op == OpKind::socket_unlink)
    return opFamily(a.op) == ObjectFamily::Socket && opFamily(b.op) == ObjectFamily::Socket;
  if (b.op == OpKind::process_exit || b.op == OpKind::process_exec || b.op == OpKind::thread_exit)
    return true;
  if (a.op == OpKind::socket_sendto || b.op == OpKind::socket_sendto) {
    const int process = c.processOf(a.agent);
    if (process >= 0 && process == c.processOf(b.agent))
      return true; // one descriptor table
    return a.op == OpKind::socket_sendto ? datagramSendDependent(a, b)
                                         : datagramSendDependent(b, a);
  }
  const ObjectFamily fb = opFamily(b.op);
  // epoll: a wait reads the readiness of sockets it watches (a connect makes a listener readable,
  // an accept may make it unreadable) and a creation numbers an object: dependent
  // (conservative); epoll_ctl reads no socket state and changes none (exact).
  if (fb == ObjectFamily::Epoll)
    return b.op != OpKind::epoll_ctl;
  if (fb != ObjectFamily::Pipe && fb != ObjectFamily::Descriptor && fb != ObjectFamily::Socket)
    return false;
  const int process = c.processOf(a.agent);
  if (process >= 0 && process == c.processOf(b.agent))
    return true;
  // Objects are numbered in creation order and events name objects by number: two creations
  // in the other order would swap the numbers of what they create (as isCreation says for
  // agents). Otherwise a creation touches a fresh object only.
  if (a.op == OpKind::socket_create || b.op == OpKind::socket_create)
    return (a.op == OpKind::socket_create || a.op == OpKind::pipe_create) &&
           (b.op == OpKind::socket_create || b.op == OpKind::pipe_create);
  const bool same = a.object == b.object && a.object != kNoObject;
  const bool accept = a.op == OpKind::socket_accept;
  switch (b.op) {
  case OpKind::pipe_read:
  case OpKind::pipe_write:
    return a.op == OpKind::socket_connect && same;
  case OpKind::fd_dup:
    return false;
  case OpKind::fd_fcntl:
  case OpKind::fd_shutdown:
    return same;
  case OpKind::fd_close: // unless it is known to have freed no address (an executed step)
    return !accept && (b.flags & kStepKeptAddresses) == 0;
  case OpKind::fd_poll:
    return true;
  case OpKind::socket_accept:
    return accept ? same
                  : a.op == OpKind::socket_connect || (a.op == OpKind::socket_listen && same);
  default:
    break;
  }
  if (fb != ObjectFamily::Socket)
    return true; // an operation of the families this rule does not know: conservative
  if (accept)
    return b.op == OpKind::socket_connect || (b.op == OpKind::socket_listen && same);
  return true;
}

} // namespace lockstep::models
