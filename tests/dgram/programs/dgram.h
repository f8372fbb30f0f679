// Helpers shared by the datagram socket test programs (tests/dgram): AF_UNIX addresses for a
// path or an abstract name, and the pipe tests' reaping (pipes.h). Header-only so that each
// program stays one self-contained executable.
#ifndef LOCKSTEP_TESTS_DGRAM_DGRAM_H
#define LOCKSTEP_TESTS_DGRAM_DGRAM_H

#include "../../pipes/programs/pipes.h"

#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

// The address of a path, or of an abstract name when name starts with '@' (the '@' stands for
// the leading NUL). Returns the address length.
static inline socklen_t unix_address(struct sockaddr_un *a, const char *name) {
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  size_t n = strlen(name);
  if (name[0] == '@') {
    memcpy(a->sun_path + 1, name + 1, n - 1);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
  }
  memcpy(a->sun_path, name, n);
  return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
}

// A datagram socket (type flags added), bound to name unless it is NULL; -1 on failure.
static inline int dgram_socket(const char *name, int flags) {
  int fd = socket(AF_UNIX, SOCK_DGRAM | flags, 0);
  if (fd < 0 || name == NULL)
    return fd;
  struct sockaddr_un a;
  socklen_t n = unix_address(&a, name);
  return bind(fd, (struct sockaddr *)&a, n) == 0 ? fd : -1;
}

#endif
