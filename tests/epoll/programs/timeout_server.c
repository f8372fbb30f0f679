// A server (the child) waits for its client's request with epoll_wait and a 100 ms timeout, to do
// some housekeeping while idle. Bug: the timeout path takes the timeout for "the client has
// nothing to say" and stops, but the client always sends a request, maybe later. The default
// interleaving runs the client (the parent) first, so the request is there at the first wait; the
// bug needs the server to wait before the client writes. Expected: assertion "served == 1".
#include "epoll.h"

#include <assert.h>

static void server(int ep) {
  int served = 0, timeout = 100;
  while (served < 1) {
    struct epoll_event ev;
    int n = epoll_wait(ep, &ev, 1, timeout);
    assert(n >= 0);
#ifdef FIXED
    if (n == 0) {
      timeout = -1; // housekeeping done; now wait for the request
      continue;
    }
#else
    if (n == 0)
      break; // BUG: the client may still send its request
#endif
    int request = 0;
    assert(read_full(ev.data.fd, &request, sizeof request) == sizeof request);
    assert(request == 7);
    ++served;
  }
  assert(served == 1);
  exit(0);
}

int main(void) {
  int fds[2];
  if (pipe(fds) != 0)
    return 99;
  int ep = epoll_create1(EPOLL_CLOEXEC);
  assert(ep >= 0);
  assert(watch(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN) == 0);
  if (fork() == 0)
    server(ep);
  int request = 7;
  write_full(fds[1], &request, sizeof request);
  reap_children(1);
  return 0;
}
