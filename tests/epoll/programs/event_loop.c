// An epoll(7) event loop serving two clients, each sending one request over its own pipe. Bug:
// the loop handles one event per wakeup but counts epoll_wait's return value as the requests it
// served; when both requests are there at one wakeup, it stops after serving one and the other
// request is lost (and its EPOLLONESHOT entry, reported, would not be reported again). The default
// interleaving (the server waits before any client runs) serves them one wakeup at a time; the bug
// needs both clients to write before an epoll_wait. Expected: assertion "handled == 2".
#include "epoll.h"

#include <assert.h>

static void client(int fd, int request) {
  write_full(fd, &request, sizeof request);
  exit(0);
}

int main(void) {
  int pipes[2][2];
  int ep = epoll_create1(0);
  assert(ep >= 0);
  for (int i = 0; i < 2; ++i) {
    if (pipe(pipes[i]) != 0)
      return 99;
    assert(watch(ep, EPOLL_CTL_ADD, pipes[i][0], EPOLLIN | EPOLLONESHOT) == 0); // one request each
  }
  for (int i = 0; i < 2; ++i) {
    if (fork() == 0)
      client(pipes[i][1], 10 + i); // its other descriptors close at its exit
  }
  int served = 0, handled = 0, sum = 0;
  while (served < 2) {
    struct epoll_event events[4];
    int n = epoll_wait(ep, events, 4, -1);
    assert(n > 0);
#ifdef FIXED
    for (int i = 0; i < n; ++i) { // every reported event: its entry is now disabled
      int request = 0;
      assert(read_full(events[i].data.fd, &request, sizeof request) == sizeof request);
      sum += request;
      ++handled;
      ++served;
    }
#else
    int fd = events[0].data.fd; // one event per wakeup
    int request = 0;
    assert(read_full(fd, &request, sizeof request) == sizeof request);
    sum += request;
    ++handled;
    served += n; // BUG: n descriptors were ready, but only one was handled
#endif
  }
  assert(handled == 2);
  assert(sum == 21);
  reap_children(2);
  return 0;
}
