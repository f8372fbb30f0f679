// Two clients send one datagram each to a server over one AF_UNIX SOCK_DGRAM socket pair (both
// children inherit the same end): P1 a 4-byte "ping", P2 a 24-byte status report. The server
// receives the first datagram into an 8-byte buffer, assuming it is the ping, and the second
// into a large one. When P1's datagram is queued first all is well (the first interleaving);
// when P2's is, the server's first receive truncates the report (recvmsg sets MSG_TRUNC and the
// rest of the datagram is lost) and its check fails. The fixed twin, dgram_truncated_fixed.c,
// receives both into the large buffer.
#include "sockets.h"

#include <assert.h>
#include <unistd.h>

static const char kPing[] = "ping";
static const char kReport[] = "status: all workers idle";

static void client(int fd, const char *message) {
  assert(send(fd, message, strlen(message), 0) == (ssize_t)strlen(message));
  _exit(0);
}

// One datagram into a buffer of `size` bytes; returns recvmsg's msg_flags.
static int receive(int fd, char *buf, size_t size) {
  struct iovec iov = {buf, size};
  struct msghdr m;
  memset(&m, 0, sizeof m);
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  assert(recvmsg(fd, &m, 0) >= 0);
  return m.msg_flags;
}

int main(void) {
  int sv[2];
  assert(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
  if (fork() == 0)
    client(sv[0], kPing);
  if (fork() == 0)
    client(sv[0], kReport);
  char large[64];
#ifdef FIXED
  char *first = large;
  size_t firstSize = sizeof large;
#else
  char small[8]; // BUG: room for the ping only
  char *first = small;
  size_t firstSize = sizeof small;
#endif
  const int flags = receive(sv[1], first, firstSize);
  assert((flags & MSG_TRUNC) == 0);
  assert(receive(sv[1], large, sizeof large) == 0);
  reap_children(2);
  return 0;
}
