// The fixed twin of oneshot_workers.c: the entry is EPOLLONESHOT, so one message wakes one worker;
// the entry is disabled until that worker has read and re-armed it with EPOLL_CTL_MOD.
// Expected: no bug.
#include "epoll.h"

#include <assert.h>
#include <fcntl.h>

static void worker(int ep, int fd) {
  struct epoll_event ev;
  assert(epoll_wait(ep, &ev, 1, -1) == 1);
  assert(ev.data.fd == fd);
  int message = 0;
  ssize_t got = read(fd, &message, sizeof message);
  assert(got == sizeof message);
  assert(watch(ep, EPOLL_CTL_MOD, fd, EPOLLIN | EPOLLONESHOT) == 0);
  exit(0);
}

int main(void) {
  int fds[2];
  if (pipe(fds) != 0)
    return 99;
  assert(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0);
  int ep = epoll_create(1);
  assert(ep >= 0);
  assert(watch(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN | EPOLLONESHOT) == 0);
  for (int i = 0; i < 2; ++i) {
    if (fork() == 0)
      worker(ep, fds[0]);
  }
  for (int message = 1; message <= 2; ++message)
    write_full(fds[1], &message, sizeof message);
  reap_children(2);
  return 0;
}
