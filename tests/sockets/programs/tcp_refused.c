// A TCP client that connects to a port nobody listens on handles ECONNREFUSED (exit 0 in every
// interleaving), then a connect to a non-loopback address stops the run: Lockstep models
// loopback TCP only, and says so naming the call.
#include "sockets.h"

#include <assert.h>
#include <errno.h>

int main(int argc, char **argv) {
  (void)argv;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = loopback(7071);
  assert(connect(fd, (struct sockaddr *)&a, sizeof a) == -1 && errno == ECONNREFUSED);
  if (argc > 1) { // "remote": a documentation address (RFC 5737), never reached
    a.sin_addr.s_addr = htonl(0xc0000201);
    connect(fd, (struct sockaddr *)&a, sizeof a);
  }
  close(fd);
  return 0;
}
