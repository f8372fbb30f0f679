// A client that sends to a datagram daemon before the daemon bound its path: P0 forks the client
// P1, then creates and binds its socket at "lockstep-dgram-late" and waits for one request. Bug:
// P1 sends at once and asserts the send succeeded; when it runs before P0's bind, sendto fails
// with ENOENT (no file at the path; unix(7)). In the first (default) interleaving P0 binds first,
// so the bug needs another order. Fixed twin (send_before_bind_fixed.c): P1 waits for P0's
// "ready" byte on a pipe, written after the bind.
#include "dgram.h"

#include <assert.h>
#include <unistd.h>

static const char *const kDaemon = "lockstep-dgram-late";

int main(void) {
  unlink(kDaemon);
  int ready[2];
  assert(pipe(ready) == 0);
  if (fork() == 0) {
#ifdef FIXED
    char byte = 0;
    assert(read(ready[0], &byte, 1) == 1);
#endif
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un a;
    socklen_t n = unix_address(&a, kDaemon);
    ssize_t rc = sendto(fd, "hi", 2, 0, (struct sockaddr *)&a, n);
    assert(rc == 2);
    _exit(0);
  }
  int daemon = dgram_socket(kDaemon, 0);
  assert(daemon >= 0);
  assert(write(ready[1], "r", 1) == 1);
  char request[8];
  assert(recv(daemon, request, sizeof request, 0) == 2);
  reap_children(1);
  close(daemon);
  unlink(kDaemon);
  return 0;
}
