// Two worker processes share one epoll instance (inherited across fork) watching a pipe, and each
// takes one message: it waits, then reads with a non-blocking read. Bug: the entry is
// level-triggered, so one message can wake both workers (the thundering herd); the second finds
// the pipe empty (EAGAIN). The default interleaving writes both messages before any worker runs;
// the bug needs both workers to wake while only the first message is there. Expected: assertion
// "got == sizeof message".
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
#ifdef FIXED
  assert(watch(ep, EPOLL_CTL_MOD, fd, EPOLLIN | EPOLLONESHOT) == 0);
#endif

  exit(0);
}

int main(void) {
  int fds[2];
  if (pipe(fds) != 0)
    return 99;
  assert(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0);
  int ep = epoll_create(1);
  assert(ep >= 0);
#ifdef FIXED
  assert(watch(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN | EPOLLONESHOT) == 0);
#else
  assert(watch(ep, EPOLL_CTL_ADD, fds[0], EPOLLIN) == 0); // BUG: level-triggered, shared
#endif
  for (int i = 0; i < 2; ++i) {
    if (fork() == 0)
      worker(ep, fds[0]);
  }
  for (int message = 1; message <= 2; ++message)
    write_full(fds[1], &message, sizeof message);
  reap_children(2);
  return 0;
}
