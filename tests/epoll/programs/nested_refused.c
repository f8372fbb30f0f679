// An epoll instance watched by another, which Lockstep does not model: the run stops with an
// `unsupported` verdict.
#include "epoll.h"

int main(void) {
  int inner = epoll_create1(0);
  int outer = epoll_create1(0);
  return watch(outer, EPOLL_CTL_ADD, inner, EPOLLIN) == 0 ? 0 : 1;
}
