// AF_UNIX SOCK_DGRAM sockets from socket(2) (models/src/datagram_socket_model.cpp,
// docs/sockets.md). The real socket is a real AF_UNIX datagram socket, really bound and really
// connected once the model says so, so the kernel moves the data and reports the sender's
// address to recvfrom: a path is bound as given (the file exists as on Linux; the run records it
// and the checker removes it after the execution), an abstract name behind the run's prefix
// (socket_address.h; hidden again in every address the program is shown), no name by the
// kernel's autobind. The model decides every outcome first, so the real calls cannot fail or
// block. The receive queue limit is /proc/sys/net/unix/max_dgram_qlen, read when the socket is
// created (unix_create1 does the same).
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

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace lockstep::runtime {
namespace {

namespace models = lockstep::models;

int failWith(int64_t negatedErrno) {
  errno = static_cast<int>(-negatedErrno);
  return -1;
}

uint32_t objectOf(uint32_t description) { return gControl->descriptions[description].object; }

// net.unix.max_dgram_qlen (10 when it cannot be read: the kernel's default before 6.x's 512).
uint32_t maxDatagramQueue() {
  const int fd = LOCKSTEP_REAL(open)("/proc/sys/net/unix/max_dgram_qlen", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 10;
  char text[32] = {};
  const ssize_t n = LOCKSTEP_REAL(read)(fd, text, sizeof text - 1);
  LOCKSTEP_REAL(close)(fd);
  const long value = n > 0 ? strtol(text, nullptr, 10) : -1;
  return value >= 0 ? static_cast<uint32_t>(value) : 10;
}

void rememberSocketPath(const char *path) {
  ControlBlock &cb = *gControl;
  if (cb.namedCount >= kMaxNamed)
    return;
  NamedObjectRecord &record = cb.named[cb.namedCount++];
  record.kind = NamedKind::SocketPath;
  snprintf(record.name, sizeof record.name, "%s", path);
}

// The real address for a program's AF_UNIX name, or a refusal when the prefix does not fit.
socklen_t realName(const struct sockaddr *address, socklen_t length, struct sockaddr_un &real,
                   const char *call, const void *pc) {
  socklen_t realLength = 0;
  if (!realDatagramName(address, length, real, realLength))
    refuseCall(pc, call,
               "cannot follow: the abstract name is too long for Lockstep's per-run prefix");
  return realLength;
}

// The abstract name the model's autobind chose (datagramAutobindAddress): "\0" and five hex
// digits.
socklen_t autobindName(uint64_t address, struct sockaddr_un &out) {
  out = {};
  out.sun_family = AF_UNIX;
  for (uint32_t number = 0; number <= 0xfffff; ++number) {
    models::autobindName(number, out.sun_path + 1);
    if (models::socketNameAddress(true, out.sun_path + 1, models::kAutobindNameLength) == address)
      break;
  }
  return static_cast<socklen_t>(offsetof(struct sockaddr_un, sun_path) + 1 +
                                models::kAutobindNameLength);
}

} // namespace

bool isDatagramSocketDescription(uint32_t description) {
  return models::isDatagramSocket(*gControl, objectOf(description));
}

int makeDatagramSocket(int type, const void *pc) {
  performVisible(makeOp(OpKind::socket_create, pc));
  const int fd = LOCKSTEP_REAL(socket)(AF_UNIX, type, 0);
  if (fd < 0)
    return -1;
  struct stat st {};
  fstat(fd, &st);
  const uint32_t object = socketObject(st, AF_UNIX);
  int sendBuffer = 0;
  socklen_t size = sizeof sendBuffer;
  LOCKSTEP_REAL(getsockopt)(fd, SOL_SOCKET, SO_SNDBUF, &sendBuffer, &size);
  models::datagramSocketInit(*gControl, object,
                             sendBuffer > 0 ? static_cast<uint32_t>(sendBuffer) : 0,
                             maxDatagramQueue());
  const uint32_t status = (type & SOCK_NONBLOCK) != 0 ? kDescriptionNonblock : 0;
  registerDescriptor(fd, newDescription(object, kDescriptionRead | kDescriptionWrite, status),
                     (type & SOCK_CLOEXEC) != 0 ? kDescriptorCloexec : 0);
  currentStep().object = object;
  return fd;
}

int bindDatagramSocket(int fd, uint32_t description, const struct sockaddr *address,
                       socklen_t length, const void *pc) {
  const uint32_t object = objectOf(description);
  Address parsed;
  const int64_t bad = parseAddress(address, length, AF_UNIX, "bind", pc, parsed);
  if (bad < 0)
    return failWith(bad);
  PendingOp op = makeOp(OpKind::socket_bind, pc, object, static_cast<int32_t>(description));
  op.arg = static_cast<int64_t>(parsed.model);
  const int64_t result = performVisible(op).result;
  if (result < 0)
    return failWith(result);
  struct sockaddr_un real {};
  socklen_t realLength = 0;
  if (parsed.unnamed) {
    struct sockaddr_un chosen {};
    const socklen_t chosenLength = autobindName(gControl->objects[object].socket.local, chosen);
    realLength =
        realName(reinterpret_cast<struct sockaddr *>(&chosen), chosenLength, real, "bind", pc);
  } else {
    realLength = realName(address, length, real, "bind", pc);
  }
  if (LOCKSTEP_REAL(bind)(fd, reinterpret_cast<struct sockaddr *>(&real), realLength) != 0) {
    const int saved = errno; // an existing file: EADDRINUSE, as on Linux
    models::socketForgetBind(*gControl, object);
    errno = saved;
    return -1;
  }
  if (parsed.path[0] != '\0')
    rememberSocketPath(parsed.path);
  return 0;
}

int connectDatagramSocket(int fd, uint32_t description, const struct sockaddr *address,
                          socklen_t length, const void *pc) {
  const uint32_t object = objectOf(description);
  Address parsed;
  const bool dissolve =
      address != nullptr && length >= sizeof(sa_family_t) && address->sa_family == AF_UNSPEC;
  if (!dissolve) {
    const int64_t bad = parseAddress(address, length, AF_UNIX, "connect", pc, parsed);
    if (bad < 0)
      return failWith(bad);
    if (parsed.unnamed)
      return failWith(-EINVAL);
  }
  PendingOp op = makeOp(OpKind::socket_connect, pc, object, static_cast<int32_t>(description));
  op.arg = static_cast<int64_t>(parsed.model);
  const int64_t result = performVisible(op).result;
  if (result == models::kSocketNoListener) // the file decides
    return failWith(noSocketAtPath(parsed));
  if (result < 0)
    return failWith(result);
  int rc = 0;
  if (dissolve) {
    rc = LOCKSTEP_REAL(connect)(fd, address, length);
  } else {
    struct sockaddr_un real {};
    const socklen_t realLength = realName(address, length, real, "connect", pc);
    rc = LOCKSTEP_REAL(connect)(fd, reinterpret_cast<struct sockaddr *>(&real), realLength);
  }
  if (rc != 0)
    refuseCall(pc, "connect of a SOCK_DGRAM socket",
               "could not follow: the real connect failed (was the socket file removed or "
               "replaced outside Lockstep's view?)");
  return 0;
}

int datagramSocketName(int fd, struct sockaddr *address, socklen_t *length, bool peer) {
  if (length == nullptr)
    return failWith(-EFAULT);
  struct sockaddr_un real {};
  socklen_t realLength = sizeof real;
  auto *name = reinterpret_cast<struct sockaddr *>(&real);
  const int rc = peer ? LOCKSTEP_REAL(getpeername)(fd, name, &realLength)
                      : LOCKSTEP_REAL(getsockname)(fd, name, &realLength);
  if (rc != 0)
    return rc;
  programDatagramName(real, realLength, address, length);
  return 0;
}

int datagramSetOption(int fd, int level, int name, const void *value, socklen_t length,
                      const void *pc) {
  if (level == SOL_SOCKET && (name == SO_SNDBUF || name == SO_SNDBUFFORCE))
    refuseCall(pc, "setsockopt(SO_SNDBUF) on a SOCK_DGRAM socket",
               "does not model yet (the model keeps the send buffer size of creation)");
  if (level == SOL_SOCKET && name == SO_PASSCRED)
    refuseCall(pc, "setsockopt(SO_PASSCRED) on a SOCK_DGRAM socket",
               "does not model yet (credentials and the autobind on send they cause)");
  return LOCKSTEP_REAL(setsockopt)(fd, level, name, value, length);
}

} // namespace lockstep::runtime
