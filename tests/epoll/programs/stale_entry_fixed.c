// The fixed twin of stale_entry.c: the server removes the entry (EPOLL_CTL_DEL) before closing
// the descriptor. Expected: no bug.
#include "epoll.h"

#include <assert.h>

int main(void) {
  int fds[2];
  if (pipe(fds) != 0)
    return 99;
  if (fork() == 0) {
    int request = 10;
    write_full(fds[1], &request, sizeof request);
    close(fds[1]);
    exit(0); // only now its copy of the read end goes
  }
  close(fds[1]);
  int ep = epoll_create1(0);
  assert(ep >= 0);
  assert(watch(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN) == 0);
  int served = 0;
  for (;;) {
    struct epoll_event ev;
    int n = epoll_wait(ep, &ev, 1, 100);
    if (n == 0)
      break; // idle
    int fd = ev.data.fd;
    int request = 0;
    ssize_t r = read_full(fd, &request, sizeof request);
    assert(r == sizeof request);
    assert(request == 10);
    ++served;
    assert(epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL) == 0);
    close(fd);
  }
  assert(served <= 1);
  reap_children(1);
  return 0;
}
