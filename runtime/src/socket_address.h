// Socket addresses as the program gives them and as Lockstep names them (socket_address.cpp):
// parsing an AF_UNIX or AF_INET sockaddr into the model's virtual address, and, for AF_UNIX
// datagram sockets (which are really bound), the real name behind an abstract name: the
// program's name behind a per-run prefix ("lockstep-<checker pid>-"), so that parallel runs of
// one program cannot collide, removed again from every address the kernel reports.
#pragma once

#include "control_block.h"

#include <cstdint>
#include <sys/socket.h>
#include <sys/un.h>

namespace lockstep::runtime {

// A parsed address: the model's name for it and, for an AF_UNIX path, the absolute path.
struct Address {
  uint64_t model = 0;
  bool unnamed = false;  // AF_UNIX with no name (bind: autobind)
  bool abstract = false; // AF_UNIX abstract name (model: its hash)
  char path[protocol::kPathSize] = {};
};

// An AF_UNIX path made absolute against the working directory (lexically), as the model names
// it; false when it does not fit.
bool absolutePath(const char *path, size_t length, char *out, size_t size);

// The error for an AF_UNIX path nobody is bound to (connect(2), unix(7)): the file decides,
// ECONNREFUSED when one exists at the path (a stale or foreign socket file), else ENOENT. As a
// negated errno value.
int64_t noSocketAtPath(const Address &address);

// Parses the program's address for call; a negated errno value when it is invalid. A TCP address
// other than loopback or INADDR_ANY stops the run.
int64_t parseAddress(const struct sockaddr *address, socklen_t length, int domain, const char *call,
                     const void *pc, Address &out);

// The real address of an AF_UNIX datagram socket's name: a path as given, an abstract name behind
// the run's prefix (false when it does not fit sun_path).
bool realDatagramName(const struct sockaddr *address, socklen_t length, struct sockaddr_un &out,
                      socklen_t &outLength);

// Writes the real address the kernel reported (recvfrom, getsockname, getpeername) as the program
// named it (without the run's prefix) into address, truncated to *length bytes; *length becomes
// the full length.
void programDatagramName(const struct sockaddr_un &real, socklen_t realLength,
                         struct sockaddr *address, socklen_t *length);

} // namespace lockstep::runtime
