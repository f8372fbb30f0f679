// The fixed twin of timeout_server.c: after an idle timeout the server waits again, without a
// timeout this time (a second timeout would only repeat the housekeeping). Expected: no bug.
#include "epoll.h"

#include <assert.h>

static void server(int ep) {
  int served = 0, timeout = 100;
  while (served < 1) {
    struct epoll_event ev;
    int n = epoll_wait(ep, &ev, 1, timeout);
    assert(n >= 0);
    if (n == 0) {
      timeout = -1; // housekeeping done; now wait for the request
      continue;
    }
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
