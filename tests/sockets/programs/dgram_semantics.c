// The Linux semantics of AF_UNIX SOCK_DGRAM socket pairs, in one process (unix(7), socket(7),
// send(2), recv(2)): each check holds natively (the kernel is the oracle) and under Lockstep.
// Message boundaries, reads of 0 bytes, truncation to a small buffer (the rest of the datagram is
// lost), the MSG_TRUNC flag and msg_flags, zero-length datagrams, EAGAIN on an empty queue, a full
// sender buffer (EAGAIN, POLLOUT off, room again after a receive), EMSGSIZE, no EOF when the peer
// closed (EAGAIN), ECONNREFUSED then ENOTCONN after it, EOF after SHUT_RD, EPIPE toward a peer that
// shut its reading down (without SIGPIPE). Prints the number of 100-byte datagrams the buffer took,
// so that the test can compare it with the kernel's.
#include "sockets.h"

#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>

static short revents(int fd) {
  struct pollfd p = {fd, POLLIN | POLLOUT, 0};
  assert(poll(&p, 1, 0) >= 0);
  return p.revents;
}

int main(void) {
  int sv[2];
  assert(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
  char buf[256];
  assert(revents(sv[1]) == POLLOUT); // nothing queued, room to send

  // Boundaries: two datagrams are two receives; a zero-length datagram is one too.
  assert(send(sv[0], "hello", 5, 0) == 5);
  assert(write(sv[0], "", 0) == 0);
  assert(send(sv[0], "ab", 2, 0) == 2);
  assert(revents(sv[1]) == (POLLIN | POLLOUT));
  assert(recv(sv[1], buf, sizeof buf, 0) == 5 && memcmp(buf, "hello", 5) == 0);
  assert(read(sv[1], buf, sizeof buf) == 0);
  assert(recv(sv[1], buf, sizeof buf, MSG_WAITALL) == 2 && memcmp(buf, "ab", 2) == 0);
  assert(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) == -1 && errno == EAGAIN);
  // A read of 0 bytes takes nothing (and does not wait); a recv of 0 bytes takes a datagram.
  assert(read(sv[1], buf, 0) == 0);
  assert(send(sv[0], "keep", 4, 0) == 4);
  assert(read(sv[1], buf, 0) == 0);
  assert(recv(sv[1], buf, 0, 0) == 0);
  assert(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) == -1 && errno == EAGAIN);

  // Truncation: the first bytes, the rest is discarded; MSG_TRUNC returns the whole length.
  assert(send(sv[0], "truncated", 9, 0) == 9);
  assert(send(sv[0], "next", 4, 0) == 4);
  assert(recv(sv[1], buf, 3, 0) == 3 && memcmp(buf, "tru", 3) == 0);
  assert(recv(sv[1], buf, sizeof buf, 0) == 4 && memcmp(buf, "next", 4) == 0);
  assert(send(sv[0], "truncated", 9, 0) == 9);
  assert(recv(sv[1], buf, 2, MSG_TRUNC) == 9 && memcmp(buf, "tr", 2) == 0);
  struct iovec iov = {buf, 4};
  struct msghdr m;
  memset(&m, 0, sizeof m);
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  assert(send(sv[0], "truncated", 9, 0) == 9);
  assert(recvmsg(sv[1], &m, 0) == 4 && (m.msg_flags & MSG_TRUNC) != 0);
  assert(send(sv[0], "ok", 2, 0) == 2);
  m.msg_flags = 0;
  assert(recvmsg(sv[1], &m, 0) == 2 && (m.msg_flags & MSG_TRUNC) == 0);

  // A full sender buffer: EAGAIN, no POLLOUT; one receive makes room again.
  char big[100] = {0};
  int filled = 0;
  while (send(sv[0], big, sizeof big, MSG_DONTWAIT) == (ssize_t)sizeof big)
    ++filled;
  assert(errno == EAGAIN && filled > 1);
  assert((revents(sv[0]) & POLLOUT) == 0);
  assert(recv(sv[1], buf, sizeof buf, 0) == 100);
  assert(send(sv[0], big, sizeof big, MSG_DONTWAIT) == 100);
  for (int i = 0; i < filled; ++i)
    assert(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) == 100);
  assert((revents(sv[0]) & POLLOUT) != 0);
  printf("filled %d\n", filled);

  // A datagram larger than the sender's buffer: EMSGSIZE.
  int sndbuf = 0;
  socklen_t length = sizeof sndbuf;
  assert(getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, &length) == 0);
  static char huge[1 << 20];
  assert((size_t)sndbuf < sizeof huge);
  assert(send(sv[0], huge, (size_t)sndbuf, 0) == -1 && errno == EMSGSIZE);

  // The peer closes: what it sent stays readable, then no EOF; sending is refused, then the
  // pair is disconnected.
  assert(send(sv[1], "last", 4, 0) == 4);
  assert(close(sv[1]) == 0);
  assert(recv(sv[0], buf, sizeof buf, 0) == 4);
  assert(recv(sv[0], buf, sizeof buf, MSG_DONTWAIT) == -1 && errno == EAGAIN);
  assert(revents(sv[0]) == POLLOUT);
  assert(send(sv[0], "x", 1, 0) == -1 && errno == ECONNREFUSED);
  assert(send(sv[0], "x", 1, 0) == -1 && errno == ENOTCONN);
  assert(close(sv[0]) == 0);

  // SHUT_RD: EOF once empty; the peer's sends fail with EPIPE, without SIGPIPE.
  assert(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
  assert(send(sv[0], "q", 1, 0) == 1);
  assert(shutdown(sv[1], SHUT_RD) == 0);
  assert(recv(sv[1], buf, sizeof buf, 0) == 1);
  assert(recv(sv[1], buf, sizeof buf, 0) == 0);
  assert(revents(sv[1]) == (POLLIN | POLLOUT));
  assert(send(sv[0], "q", 1, 0) == -1 && errno == EPIPE);
  assert(shutdown(sv[0], SHUT_WR) == 0);
  assert(send(sv[0], "q", 1, 0) == -1 && errno == EPIPE);
  assert(close(sv[0]) == 0 && close(sv[1]) == 0);
  return 0;
}
