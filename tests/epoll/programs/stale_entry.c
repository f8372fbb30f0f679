// An epoll(7) server serves requests until it has been idle for 100 ms. Its client inherited the
// read end of its pipe (it does not close it), sends one request, closes its write end and exits.
// Bug: the server closes a served descriptor without EPOLL_CTL_DEL. An interest entry belongs to
// the open file description, not to the descriptor (epoll(7), questions 6 and 7): while the client
// still holds its inherited copy, the entry stays, and once the client closed its write end it
// reports EPOLLHUP for the descriptor number the server already closed, whose read fails (EBADF).
// The default interleaving times out before the client runs; the bug needs the server to wait
// again between the client's close and its exit. Expected: assertion "r == sizeof request".
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
#ifdef FIXED
    assert(epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL) == 0);
#endif
    close(fd); // BUG (without FIXED): the entry outlives this descriptor
  }
  assert(served <= 1);
  reap_children(1);
  return 0;
}
