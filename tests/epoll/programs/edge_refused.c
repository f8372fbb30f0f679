// An edge-triggered entry (EPOLLET), which Lockstep does not model yet: the run stops with an
// `unsupported` verdict naming the flag.
#include "epoll.h"

int main(void) {
  int fds[2];
  if (pipe(fds) != 0)
    return 99;
  int ep = epoll_create1(0);
  return watch(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN | EPOLLET) == 0 ? 0 : 1;
}
