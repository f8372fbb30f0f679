// The rules of edge-triggered epoll (EPOLLET, epoll(7)) as a program sees them, each checked with
// an assertion and printed: the same lines come out natively (the kernel is the oracle) and under
// Lockstep. An ET entry is reported once per wakeup of its file: when it is ready at
// EPOLL_CTL_ADD or EPOLL_CTL_MOD; after every write to a pipe or socket it reads, even if it was
// already readable; not after a read (partial or whole); a wakeup whose data was read before the
// wait reports nothing. A pipe's write end is woken when a read makes room in a full pipe; a
// socket is woken with EPOLLOUT whenever its peer consumes its data, with a key-less wakeup by
// its peer's shutdown, and a listener by every connection. EPOLLONESHOT disarms the entry until
// EPOLL_CTL_MOD; the last writer's close reports EPOLLHUP; a zero-length write wakes nobody.
// Expected: no bug, one execution.
#include "epoll.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

static const char *kPath = "lockstep-edge-rules.sock";

// epoll_wait with timeout 0: the number of events, and the first one's events in *first.
static int wait0(int ep, unsigned *first) {
  struct epoll_event ev[4];
  int n = epoll_wait(ep, ev, 4, 0);
  *first = n > 0 ? ev[0].events : 0;
  return n;
}

// Checks that a wait reports n events, the first with `events`, and prints the line.
static void expect(int ep, const char *what, int n, unsigned events) {
  unsigned first = 0;
  int got = wait0(ep, &first);
  printf("%s: %d %#x\n", what, got, first);
  assert(got == n);
  assert(first == events);
}

static void pipes(void) {
  int p[2];
  char buf[4096];
  if (pipe(p) != 0)
    exit(99);
  int ep = epoll_create1(0);
  assert(write(p[1], "ab", 2) == 2);
  assert(watch(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLET) == 0);
  expect(ep, "ready at add", 1, EPOLLIN);
  expect(ep, "still readable, no wakeup", 0, 0);
  assert(write(p[1], "c", 1) == 1);
  expect(ep, "write to a readable pipe", 1, EPOLLIN);
  assert(read(p[0], buf, 1) == 1);
  expect(ep, "partial read", 0, 0);
  assert(write(p[1], "d", 1) == 1);
  assert(read(p[0], buf, sizeof buf) == 3);
  expect(ep, "woken, drained before the wait", 0, 0);
  assert(write(p[1], "", 0) == 0);
  expect(ep, "zero-length write", 0, 0);
  assert(write(p[1], "e", 1) == 1);
  assert(watch(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLET) == 0);
  expect(ep, "woken and modified", 1, EPOLLIN);
  assert(watch(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLET | EPOLLONESHOT) == 0);
  expect(ep, "ready at mod, oneshot", 1, EPOLLIN);
  assert(write(p[1], "f", 1) == 1);
  expect(ep, "oneshot disarmed", 0, 0);
  assert(watch(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLET) == 0);
  expect(ep, "rearmed by mod", 1, EPOLLIN);

  // The write end: room in a full pipe.
  int out = epoll_create1(0);
  assert(watch(out, EPOLL_CTL_ADD, p[1], EPOLLOUT | EPOLLET) == 0);
  expect(out, "writable at add", 1, EPOLLOUT);
  assert(read(p[0], buf, sizeof buf) == 2);
  expect(out, "read from a pipe that was not full", 0, 0);
  assert(fcntl(p[1], F_SETFL, O_NONBLOCK) == 0);
  static char fill[65536];
  assert(write(p[1], fill, sizeof fill) == (ssize_t)sizeof fill);
  assert(write(p[1], fill, 1) == -1 && errno == EAGAIN);
  expect(out, "full", 0, 0);
  assert(read(p[0], buf, sizeof buf) == (ssize_t)sizeof buf);
  expect(out, "a page of room in a full pipe", 1, EPOLLOUT);
  assert(read(p[0], buf, sizeof buf) == (ssize_t)sizeof buf);
  expect(out, "more room", 0, 0);

  // The last writer's close.
  expect(ep, "before the close", 1, EPOLLIN); // the 65536 bytes written wake the reader
  assert(close(p[1]) == 0);
  expect(ep, "writer closed", 1, EPOLLIN | EPOLLHUP);
  expect(ep, "hangup reported once", 0, 0);
  close(p[0]);
  close(ep);
  close(out);
}

static void sockets(void) {
  int s[2];
  char buf[16];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) != 0)
    exit(99);
  int ep = epoll_create1(0);
  assert(watch(ep, EPOLL_CTL_ADD, s[0], EPOLLIN | EPOLLOUT | EPOLLET) == 0);
  expect(ep, "socket writable at add", 1, EPOLLOUT);
  assert(write(s[0], "x", 1) == 1);
  expect(ep, "its own write", 0, 0);
  assert(read(s[1], buf, 1) == 1);
  expect(ep, "its peer consumed its data", 1, EPOLLOUT);
  assert(write(s[1], "yy", 2) == 2);
  expect(ep, "its peer wrote", 1, EPOLLIN | EPOLLOUT);
  assert(write(s[1], "z", 1) == 1);
  expect(ep, "its peer wrote again", 1, EPOLLIN | EPOLLOUT);
  assert(read(s[0], buf, 1) == 1);
  expect(ep, "its own partial read", 0, 0);
  assert(shutdown(s[1], SHUT_RD) == 0);
  expect(ep, "its peer shut its reading down", 1, EPOLLIN | EPOLLOUT);
  assert(shutdown(s[1], SHUT_WR) == 0);
  expect(ep, "its peer shut its writing down", 1, EPOLLIN | EPOLLOUT | EPOLLHUP);
  close(s[0]);
  close(s[1]);
  close(ep);

  // A listener: every connection wakes it.
  struct sockaddr_un address;
  memset(&address, 0, sizeof address);
  address.sun_family = AF_UNIX;
  strcpy(address.sun_path, kPath);
  unlink(kPath);
  int listener = socket(AF_UNIX, SOCK_STREAM, 0);
  assert(listener >= 0);
  assert(bind(listener, (struct sockaddr *)&address, sizeof address) == 0);
  assert(listen(listener, 4) == 0);
  ep = epoll_create1(0);
  assert(watch(ep, EPOLL_CTL_ADD, listener, EPOLLIN | EPOLLET) == 0);
  expect(ep, "listener without a connection", 0, 0);
  int c1 = socket(AF_UNIX, SOCK_STREAM, 0);
  assert(connect(c1, (struct sockaddr *)&address, sizeof address) == 0);
  expect(ep, "a connection", 1, EPOLLIN);
  expect(ep, "no second report", 0, 0);
  int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
  assert(connect(c2, (struct sockaddr *)&address, sizeof address) == 0);
  expect(ep, "another connection", 1, EPOLLIN);
  int a = accept(listener, NULL, NULL);
  assert(a >= 0);
  expect(ep, "an accept", 0, 0);
  close(a);
  close(c1);
  close(c2);
  close(listener);
  close(ep);
  unlink(kPath);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0); // each line out before a failed assertion
  pipes();
  sockets();
  printf("edge rules done\n");
  return 0;
}
