// An edge-triggered (EPOLLET) event loop serving two forked clients that each send one request
// over a pipe the server watches. Bug: the loop reads one request per wakeup, where an
// edge-triggered loop must read until EAGAIN: when both requests are in the pipe before a wakeup,
// the second one gives no further wakeup, and the server waits for it forever (the server keeps
// the pipe's write end open, as a self-pipe would, so no hangup wakes it either). The default
// interleaving runs the server to its epoll_wait before the clients, which then write one at a
// time between wakeups; the bug needs both writes before the server's first epoll_wait returns.
// Expected: deadlock (the server in epoll_wait, the clients gone).
#include "epoll.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>

static void client(int fd, int request) {
  write_full(fd, &request, sizeof request);
  exit(0);
}

int main(void) {
  int p[2];
  if (pipe(p) != 0)
    return 99;
  assert(fcntl(p[0], F_SETFL, O_NONBLOCK) == 0);
  int ep = epoll_create1(0);
  assert(ep >= 0);
  assert(watch(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLET) == 0);
  for (int i = 0; i < 2; ++i) {
    if (fork() == 0)
      client(p[1], 10 + i);
  }
  int handled = 0, sum = 0;
  while (handled < 2) {
    struct epoll_event events[4];
    int n = epoll_wait(ep, events, 4, -1);
    assert(n == 1 && events[0].data.fd == p[0]);
#ifdef FIXED
    for (;;) { // drain the pipe: the next wakeup needs new data
      int request = 0;
      ssize_t r = read(p[0], &request, sizeof request);
      if (r < 0) {
        assert(errno == EAGAIN);
        break;
      }
      assert(r == sizeof request);
      sum += request;
      ++handled;
    }
#else
    int request = 0; // BUG: one request per wakeup
    assert(read(p[0], &request, sizeof request) == sizeof request);
    sum += request;
    ++handled;
#endif
  }
  reap_children(2);
  assert(sum == 21);
  return 0;
}
