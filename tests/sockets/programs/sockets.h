// Helpers shared by the socket test programs: the pipe tests' whole-buffer loops and reaping
// (pipes.h), and loopback TCP addresses. Header-only so that each program stays one
// self-contained executable.
#ifndef LOCKSTEP_TESTS_SOCKETS_SOCKETS_H
#define LOCKSTEP_TESTS_SOCKETS_SOCKETS_H

#include "../../pipes/programs/pipes.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

// 127.0.0.1:port. Under Lockstep the port is virtual: no real port is touched.
static inline struct sockaddr_in loopback(unsigned short port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// A TCP socket connected to 127.0.0.1:port, or -1.
static inline int tcp_connect(unsigned short port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = loopback(port);
  if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
    return -1;
  return fd;
}

#endif
