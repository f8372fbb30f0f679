// Socket addresses (socket_address.h): the program's sockaddr parsed into the model's virtual
// address, and the real abstract names of AF_UNIX datagram sockets (the program's name behind a
// per-run prefix, hidden again in what the kernel reports).
#include "socket_address.h"

#include "runtime_state.h"
#include "visible_op.h"

#include "lockstep/models/socket_model.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lockstep::runtime {
namespace {

namespace models = lockstep::models;

// "lockstep-<checker pid>-": its length.
size_t runPrefix(char *out, size_t size) {
  const int n = snprintf(out, size, "lockstep-%d-", static_cast<int>(gControl->checkerPid));
  return n > 0 ? static_cast<size_t>(n) : 0;
}

} // namespace

bool absolutePath(const char *path, size_t length, char *out, size_t size) {
  char given[kPathSize];
  if (length >= sizeof given)
    return false;
  memcpy(given, path, length);
  given[length] = '\0';
  if (given[0] == '/')
    return snprintf(out, size, "%s", given) < static_cast<int>(size);
  char cwd[kPathSize];
  if (getcwd(cwd, sizeof cwd) == nullptr)
    return false;
  return snprintf(out, size, "%s/%s", cwd, given) < static_cast<int>(size);
}

int64_t noSocketAtPath(const Address &address) {
  struct stat st {};
  return stat(address.path, &st) == 0 ? -ECONNREFUSED : -ENOENT;
}

int64_t parseAddress(const struct sockaddr *address, socklen_t length, int domain, const char *call,
                     const void *pc, Address &out) {
  if (address == nullptr || length < sizeof(sa_family_t))
    return -EINVAL;
  if (address->sa_family != domain)
    return domain == AF_UNIX ? -EINVAL : -EAFNOSUPPORT;
  if (domain == AF_UNIX) {
    const auto *un = reinterpret_cast<const struct sockaddr_un *>(address);
    const size_t offset = offsetof(struct sockaddr_un, sun_path);
    if (length > sizeof(struct sockaddr_un))
      return -EINVAL;
    if (length == offset) {
      out.unnamed = true;
      return 0;
    }
    const size_t bytes = length - offset;
    if (un->sun_path[0] == '\0') { // the abstract namespace: every byte counts (unix(7))
      out.abstract = true;
      out.model = models::socketNameAddress(true, un->sun_path + 1, bytes - 1);
      return 0;
    }
    if (!absolutePath(un->sun_path, strnlen(un->sun_path, bytes), out.path, sizeof out.path))
      return -ENAMETOOLONG;
    out.model = models::socketNameAddress(false, out.path, strlen(out.path));
    return 0;
  }
  if (length < sizeof(struct sockaddr_in))
    return -EINVAL;
  const auto *in = reinterpret_cast<const struct sockaddr_in *>(address);
  const uint32_t host = ntohl(in->sin_addr.s_addr);
  const bool loopback = (host >> 24) == 127;
  if (!loopback && host != INADDR_ANY) {
    char message[96];
    snprintf(message, sizeof message, "%s to a non-loopback address", call);
    refuseCall(pc, message,
               "does not model (only loopback TCP: 127.0.0.0/8 and INADDR_ANY; docs/sockets.md)");
  }
  out.model = models::inetAddress(ntohs(in->sin_port), host == INADDR_ANY);
  return 0;
}

bool realDatagramName(const struct sockaddr *address, socklen_t length, struct sockaddr_un &out,
                      socklen_t &outLength) {
  const size_t offset = offsetof(struct sockaddr_un, sun_path);
  out = {};
  const size_t copied = length < sizeof out ? length : sizeof out;
  memcpy(&out, address, copied);
  outLength = static_cast<socklen_t>(copied);
  if (length <= offset || out.sun_path[0] != '\0')
    return true; // a path, or no name
  char prefix[40];
  const size_t p = runPrefix(prefix, sizeof prefix);
  const size_t name = length - offset - 1;
  if (1 + p + name > sizeof out.sun_path)
    return false;
  const auto *given = reinterpret_cast<const struct sockaddr_un *>(address);
  memcpy(out.sun_path + 1, prefix, p);
  memcpy(out.sun_path + 1 + p, given->sun_path + 1, name);
  outLength = static_cast<socklen_t>(offset + 1 + p + name);
  return true;
}

void programDatagramName(const struct sockaddr_un &real, socklen_t realLength,
                         struct sockaddr *address, socklen_t *length) {
  if (length == nullptr)
    return;
  const size_t offset = offsetof(struct sockaddr_un, sun_path);
  struct sockaddr_un shown = real;
  socklen_t shownLength = realLength;
  char prefix[40];
  const size_t p = runPrefix(prefix, sizeof prefix);
  if (realLength > offset + p && real.sun_path[0] == '\0' &&
      memcmp(real.sun_path + 1, prefix, p) == 0) { // ours: the program's name behind the prefix
    const size_t name = realLength - offset - 1 - p;
    memset(shown.sun_path, 0, sizeof shown.sun_path);
    memcpy(shown.sun_path + 1, real.sun_path + 1 + p, name);
    shownLength = static_cast<socklen_t>(offset + 1 + name);
  }
  if (address != nullptr) // truncated to the caller's room, as the kernel does
    memcpy(address, &shown, *length < shownLength ? *length : shownLength);
  *length = shownLength;
}

} // namespace lockstep::runtime
