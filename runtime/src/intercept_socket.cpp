// Interceptors for sockets beyond socketpair (docs/sockets.md): socket, bind, listen, connect,
// accept, accept4, getsockname, getpeername, setsockopt and getsockopt on AF_UNIX and loopback
// TCP (AF_INET) stream sockets. Reads, writes, send, recv, shutdown and close on them are the
// socket pair's (intercept_pipe.cpp): a connection is two pipe-like channels.
//
// The model (models/src/socket_model.cpp) keeps every address: bind and connect name virtual
// addresses, so a program's port numbers never touch a real port, and parallel runs cannot
// collide. The real kernel objects are AF_UNIX stream sockets whatever the domain: a listener is
// really bound to the abstract name "lockstep-sock-<its inode>" (or, for an AF_UNIX path, to the
// path itself, so that the file exists as on Linux; the checker removes it after the execution),
// and connect makes the real connection to it once the model queued the connection, so the real
// connect and accept never block (the real backlog is somaxconn). Calls on other sockets
// (SOCK_DGRAM, AF_INET6, non-loopback addresses) stop the run with an `unsupported` verdict that
// names the call.
#include "datagram_socket.h"
#include "descriptors.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "socket_address.h"
#include "turn.h"
#include "visible_op.h"

#include "lockstep/models/datagram_socket_model.h"
#include "lockstep/models/descriptors.h"
#include "lockstep/models/socket_model.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace lockstep::runtime;
namespace models = lockstep::models;

namespace {

int failWith(int64_t negatedErrno) {
  errno = static_cast<int>(-negatedErrno);
  return -1;
}

// The modelled socket (not a socket pair) behind fd, or kNoDescription.
uint32_t socketDescription(int fd) {
  const uint32_t description = localDescription(fd);
  if (description == models::kNoDescription)
    return description;
  const uint32_t object = gControl->descriptions[description].object;
  const ObjectRecord &o = gControl->objects[object];
  if (o.family != ObjectFamily::Socket || o.socket.domain == 0)
    return models::kNoDescription; // a socket pair: the kernel answers
  return description;
}

uint32_t objectOf(uint32_t description) { return gControl->descriptions[description].object; }
const SocketState &stateOf(uint32_t description) {
  return gControl->objects[objectOf(description)].socket;
}

// Writes a virtual TCP address as a sockaddr_in (truncated to *length, as the kernel does).
void writeInet(uint64_t address, struct sockaddr *out, socklen_t *length) {
  if (out == nullptr || length == nullptr)
    return;
  struct sockaddr_in in {};
  in.sin_family = AF_INET;
  in.sin_port = htons(models::inetPort(address));
  const bool any = address == 0 || (address & models::kAddressInetAny) != 0;
  in.sin_addr.s_addr = htonl(any ? INADDR_ANY : INADDR_LOOPBACK);
  memcpy(out, &in, *length < sizeof in ? *length : sizeof in);
  *length = sizeof in;
}

// The real abstract name of a listener: "\0lockstep-sock-<inode>".
socklen_t realListenerName(uint64_t inode, struct sockaddr_un &out) {
  out = {};
  out.sun_family = AF_UNIX;
  const int n = snprintf(out.sun_path + 1, sizeof out.sun_path - 1, "lockstep-sock-%llu",
                         static_cast<unsigned long long>(inode));
  return static_cast<socklen_t>(offsetof(struct sockaddr_un, sun_path) + 1 + n);
}

void rememberSocketPath(const char *path) {
  ControlBlock &cb = *gControl;
  if (cb.namedCount >= kMaxNamed)
    return;
  NamedObjectRecord &record = cb.named[cb.namedCount++];
  record.kind = NamedKind::SocketPath;
  snprintf(record.name, sizeof record.name, "%s", path);
}

[[noreturn]] void refuseSocket(const void *pc, const char *call) {
  refuseCall(pc, call,
             "does not model yet but for AF_UNIX and loopback AF_INET SOCK_STREAM sockets and "
             "AF_UNIX SOCK_DGRAM sockets and socket pairs (docs/sockets.md)");
}

int makeSocket(int domain, int type, int protocol, const void *pc) {
  const int kind = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
  const bool stream = kind == SOCK_STREAM;
  if (domain == AF_UNIX && kind == SOCK_DGRAM && protocol == 0)
    return makeDatagramSocket(type, pc);
  if (domain == AF_UNIX && stream && protocol == 0) {
  } else if (domain == AF_INET && stream && (protocol == 0 || protocol == IPPROTO_TCP)) {
  } else {
    char call[64];
    snprintf(call, sizeof call, "socket(%s, %s)",
             domain == AF_UNIX    ? "AF_UNIX"
             : domain == AF_INET  ? "AF_INET"
             : domain == AF_INET6 ? "AF_INET6"
                                  : "another domain",
             kind == SOCK_DGRAM       ? "SOCK_DGRAM"
             : kind == SOCK_SEQPACKET ? "SOCK_SEQPACKET"
             : stream                 ? "SOCK_STREAM"
                                      : "another type");
    refuseSocket(pc, call);
  }
  performVisible(makeOp(OpKind::socket_create, pc));
  const int fd = LOCKSTEP_REAL(socket)(AF_UNIX, SOCK_STREAM | (type & ~kind), 0);
  if (fd < 0)
    return -1;
  struct stat st {};
  fstat(fd, &st);
  const uint32_t object = socketObject(st, domain);
  enlargeRealSocket(fd);
  const uint32_t status = (type & SOCK_NONBLOCK) != 0 ? kDescriptionNonblock : 0;
  registerDescriptor(fd, newDescription(object, kDescriptionRead | kDescriptionWrite, status),
                     (type & SOCK_CLOEXEC) != 0 ? kDescriptorCloexec : 0);
  currentStep().object = object;
  return fd;
}

int bindSocket(int fd, uint32_t description, const struct sockaddr *address, socklen_t length,
               const void *pc) {
  if (isDatagramSocketDescription(description))
    return bindDatagramSocket(fd, description, address, length, pc);
  const uint32_t object = objectOf(description);
  Address parsed;
  const int64_t bad =
      parseAddress(address, length, stateOf(description).domain, "bind", pc, parsed);
  if (bad < 0)
    return failWith(bad);
  PendingOp op = makeOp(OpKind::socket_bind, pc, object, static_cast<int32_t>(description));
  op.arg = static_cast<int64_t>(parsed.model);
  const int64_t result = performVisible(op).result;
  if (result < 0)
    return failWith(result);
  if (parsed.path[0] != '\0') { // the file exists as on Linux (and EADDRINUSE comes from it)
    if (LOCKSTEP_REAL(bind)(fd, address, length) != 0) {
      const int saved = errno;
      models::socketForgetBind(*gControl, object);
      errno = saved;
      return -1;
    }
    rememberSocketPath(parsed.path);
  }
  return 0;
}

int listenSocket(int fd, uint32_t description, int backlog, const void *pc) {
  if (isDatagramSocketDescription(description))
    return failWith(-EOPNOTSUPP); // unix_dgram_ops: sock_no_listen
  const uint32_t object = objectOf(description);
  const bool wasListening = stateOf(description).role == models::kSocketListening;
  PendingOp op = makeOp(OpKind::socket_listen, pc, object, static_cast<int32_t>(description));
  op.arg = backlog;
  const int64_t result = performVisible(op).result;
  if (result < 0)
    return failWith(result);
  const SocketState &s = stateOf(description);
  if (!wasListening && !models::isUnixPathName(s.local)) {
    struct sockaddr_un name {};
    const socklen_t length = realListenerName(s.realInode, name);
    if (LOCKSTEP_REAL(bind)(fd, reinterpret_cast<struct sockaddr *>(&name), length) != 0)
      refuseCall(pc, "listen", "could not set up its real listener (a real bind failed)");
  }
  return LOCKSTEP_REAL(listen)(fd, static_cast<int>(models::kSomaxconn));
}

int connectSocket(int fd, uint32_t description, const struct sockaddr *address, socklen_t length,
                  const void *pc) {
  if (isDatagramSocketDescription(description))
    return connectDatagramSocket(fd, description, address, length, pc);
  const uint32_t object = objectOf(description);
  const int domain = stateOf(description).domain;
  Address parsed;
  const int64_t bad = parseAddress(address, length, domain, "connect", pc, parsed);
  if (bad < 0)
    return failWith(bad);
  if (parsed.unnamed)
    return failWith(-EINVAL);
  PendingOp op = makeOp(OpKind::socket_connect, pc, object, static_cast<int32_t>(description));
  op.arg = static_cast<int64_t>(parsed.model);
  op.flags = domain == AF_INET ? models::kSocketTcp : 0;
  const int64_t result = performVisible(op).result;
  if (result == models::kSocketNoListener) // the file decides
    return failWith(noSocketAtPath(parsed));
  if (result < 0 && result != -EINPROGRESS)
    return failWith(result);
  const SocketState &s = stateOf(description);
  const SocketState &l = gControl->objects[s.listener].socket;
  int rc = 0;
  if (models::isUnixPathName(l.local)) {
    rc = LOCKSTEP_REAL(connect)(fd, address, length);
  } else {
    struct sockaddr_un name {};
    const socklen_t n = realListenerName(l.realInode, name);
    rc = LOCKSTEP_REAL(connect)(fd, reinterpret_cast<struct sockaddr *>(&name), n);
  }
  if (rc != 0)
    refuseCall(pc, "connect",
               "could not follow: the real connection failed (was the socket file removed or "
               "replaced outside Lockstep's view?)");
  return result < 0 ? failWith(result) : 0;
}

int acceptSocket(int fd, uint32_t description, struct sockaddr *address, socklen_t *length,
                 int flags, const void *pc) {
  if ((flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) != 0)
    return failWith(-EINVAL);
  if (isDatagramSocketDescription(description))
    return failWith(-EOPNOTSUPP); // unix_dgram_ops: sock_no_accept
  const uint32_t listener = objectOf(description);
  const int domain = stateOf(description).domain;
  PendingOp op = makeOp(OpKind::socket_accept, pc, listener, static_cast<int32_t>(description));
  const int64_t result = performVisible(op).result;
  if (result < 0)
    return failWith(result);
  const auto connection = static_cast<uint32_t>(result);
  const int accepted = LOCKSTEP_REAL(accept4)(fd, nullptr, nullptr, flags);
  if (accepted < 0)
    refuseCall(pc, "accept", "could not follow: the real accept failed");
  enlargeRealSocket(accepted);
  const uint32_t status = (flags & SOCK_NONBLOCK) != 0 ? kDescriptionNonblock : 0;
  const uint32_t made =
      newDescription(connection, kDescriptionRead | kDescriptionWrite | kDescriptionSide1, status);
  registerDescriptor(accepted, made, (flags & SOCK_CLOEXEC) != 0 ? kDescriptorCloexec : 0);
  if (domain == AF_INET)
    writeInet(models::socketPeerAddress(*gControl, gControl->descriptions[made]), address, length);
  else if (address != nullptr && length != nullptr)
    LOCKSTEP_REAL(getpeername)(accepted, address, length);
  return accepted;
}

// getsockname and getpeername: TCP from the model, AF_UNIX from the kernel (a path is real).
int socketName(int fd, uint32_t description, struct sockaddr *address, socklen_t *length,
               bool peer) {
  const FileDescriptionRecord &d = gControl->descriptions[description];
  if (isDatagramSocketDescription(description))
    return datagramSocketName(fd, address, length, peer);
  if (stateOf(description).domain != AF_INET)
    return peer ? LOCKSTEP_REAL(getpeername)(fd, address, length)
                : LOCKSTEP_REAL(getsockname)(fd, address, length);
  if (address == nullptr || length == nullptr)
    return failWith(-EFAULT);
  const uint64_t value =
      peer ? models::socketPeerAddress(*gControl, d) : models::socketLocalAddress(*gControl, d);
  if (peer && value == 0)
    return failWith(-ENOTCONN);
  writeInet(value, address, length);
  return 0;
}

} // namespace

extern "C" int socket(int domain, int type, int protocol) {
  if (!modelled())
    return LOCKSTEP_REAL(socket)(domain, type, protocol);
  return makeSocket(domain, type, protocol, __builtin_return_address(0));
}

extern "C" int bind(int fd, const struct sockaddr *address, socklen_t length) {
  const uint32_t description = modelled() ? socketDescription(fd) : models::kNoDescription;
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(bind)(fd, address, length);
  return bindSocket(fd, description, address, length, __builtin_return_address(0));
}

extern "C" int listen(int fd, int backlog) {
  const uint32_t description = modelled() ? socketDescription(fd) : models::kNoDescription;
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(listen)(fd, backlog);
  return listenSocket(fd, description, backlog, __builtin_return_address(0));
}

extern "C" int connect(int fd, const struct sockaddr *address, socklen_t length) {
  const uint32_t description = modelled() ? socketDescription(fd) : models::kNoDescription;
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(connect)(fd, address, length);
  return connectSocket(fd, description, address, length, __builtin_return_address(0));
}

extern "C" int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
  const uint32_t description = modelled() ? socketDescription(fd) : models::kNoDescription;
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(accept4)(fd, address, length, flags);
  return acceptSocket(fd, description, address, length, flags, __builtin_return_address(0));
}

extern "C" int accept(int fd, struct sockaddr *address, socklen_t *length) {
  const uint32_t description = modelled() ? socketDescription(fd) : models::kNoDescription;
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(accept)(fd, address, length);
  return acceptSocket(fd, description, address, length, 0, __builtin_return_address(0));
}

extern "C" int getsockname(int fd, struct sockaddr *address, socklen_t *length) {
  const uint32_t description = modelled() ? socketDescription(fd) : models::kNoDescription;
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(getsockname)(fd, address, length);
  return socketName(fd, description, address, length, false);
}

extern "C" int getpeername(int fd, struct sockaddr *address, socklen_t *length) {
  const uint32_t description = modelled() ? socketDescription(fd) : models::kNoDescription;
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(getpeername)(fd, address, length);
  return socketName(fd, description, address, length, true);
}

// Options of a modelled TCP socket that the real AF_UNIX socket lacks (IPPROTO_TCP, IPPROTO_IP)
// are accepted and ignored; buffer sizes are kept (the model's channels have their own); the
// rest goes to the real socket.
extern "C" int setsockopt(int fd, int level, int name, const void *value, socklen_t length) {
  const uint32_t description = modelled() ? socketDescription(fd) : models::kNoDescription;
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(setsockopt)(fd, level, name, value, length);
  if (isDatagramSocketDescription(description))
    return datagramSetOption(fd, level, name, value, length, __builtin_return_address(0));
  if (level == IPPROTO_TCP || level == IPPROTO_IP ||
      (level == SOL_SOCKET && (name == SO_SNDBUF || name == SO_RCVBUF || name == SO_SNDBUFFORCE ||
                               name == SO_RCVBUFFORCE)))
    return 0;
  return LOCKSTEP_REAL(setsockopt)(fd, level, name, value, length);
}

extern "C" int getsockopt(int fd, int level, int name, void *value, socklen_t *length) {
  const uint32_t description = modelled() ? socketDescription(fd) : models::kNoDescription;
  if (description == models::kNoDescription || value == nullptr || length == nullptr ||
      *length < sizeof(int))
    return LOCKSTEP_REAL(getsockopt)(fd, level, name, value, length);
  const int domain = stateOf(description).domain;
  int answer = 0;
  if (level == SOL_SOCKET && name == SO_DOMAIN)
    answer = domain;
  else if (level == SOL_SOCKET && name == SO_PROTOCOL)
    answer = domain == AF_INET ? IPPROTO_TCP : 0;
  else if (!(level == IPPROTO_TCP && domain == AF_INET))
    return LOCKSTEP_REAL(getsockopt)(fd, level, name, value, length);
  memcpy(value, &answer, sizeof answer);
  *length = sizeof answer;
  return 0;
}
