// The rules of epoll_ctl(2) and epoll_wait(2) as a program sees them, checked with assertions in
// every interleaving: EEXIST, ENOENT, EINVAL, EPERM and EBADF; an entry keyed by (description, fd)
// that survives the close of its fd while a dup refers to the description, and goes with the
// description's last descriptor; an instance shared with a forked child (the child's EPOLL_CTL_ADD
// is the parent's); EPOLLONESHOT disabling an entry until EPOLL_CTL_MOD; maxevents, with the
// entries rotating (a reported level-triggered entry goes to the back). Expected: no bug.
#include "epoll.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>

static void expect_error(int rc, int error) {
  assert(rc == -1);
  assert(errno == error);
}

int main(void) {
  struct epoll_event ev[4];
  int p[2];
  if (pipe(p) != 0)
    return 99;
  int ep = epoll_create1(EPOLL_CLOEXEC);
  assert(ep >= 0);

  // Errors.
  assert(watch(ep, EPOLL_CTL_ADD, p[0], EPOLLIN) == 0);
  expect_error(watch(ep, EPOLL_CTL_ADD, p[0], EPOLLIN), EEXIST);
  expect_error(watch(ep, EPOLL_CTL_MOD, p[1], EPOLLOUT), ENOENT);
  expect_error(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL), ENOENT);
  expect_error(watch(ep, EPOLL_CTL_ADD, ep, EPOLLIN), EINVAL);
  expect_error(watch(ep, EPOLL_CTL_ADD, p[1], EPOLLOUT | EPOLLEXCLUSIVE | EPOLLONESHOT), EINVAL);
  expect_error(watch(ep, EPOLL_CTL_ADD, 999, EPOLLIN), EBADF);
  int null = open("/dev/null", O_RDONLY);
  assert(null >= 0);
  expect_error(watch(ep, EPOLL_CTL_ADD, null, EPOLLIN), EPERM); // cannot be polled
  close(null);
  assert(epoll_wait(ep, ev, 4, 0) == 0); // nothing to read yet

  // An entry belongs to the description: it survives the close of its fd while a dup is open.
  int copy = dup(p[0]);
  assert(copy >= 0);
  assert(close(p[0]) == 0);
  char byte = 'x';
  assert(write(p[1], &byte, 1) == 1);
  assert(epoll_wait(ep, ev, 4, 0) == 1);
  assert(ev[0].data.fd == p[0]); // the closed number, as registered
  assert(ev[0].events == EPOLLIN);
  expect_error(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), EBADF);
  assert(watch(ep, EPOLL_CTL_ADD, copy, EPOLLIN) == 0); // another key: (description, copy)
  assert(epoll_wait(ep, ev, 4, 0) == 2);
  assert(close(copy) == 0); // the last descriptor of the read end: both entries go
  assert(epoll_wait(ep, ev, 4, 0) == 0);
  close(p[1]);

  // A forked child shares the instance: its EPOLL_CTL_ADD is seen by the parent.
  int q[2];
  if (pipe(q) != 0)
    return 99;
  if (fork() == 0) {
    assert(watch(ep, EPOLL_CTL_ADD, q[0], EPOLLIN) == 0);
    assert(write(q[1], &byte, 1) == 1);
    exit(0);
  }
  assert(epoll_wait(ep, ev, 4, -1) == 1);
  assert(ev[0].data.fd == q[0]);
  reap_children(1);
  expect_error(watch(ep, EPOLL_CTL_ADD, q[0], EPOLLIN), EEXIST); // the child added it

  // EPOLLONESHOT: reported once, then disabled until EPOLL_CTL_MOD.
  assert(watch(ep, EPOLL_CTL_MOD, q[0], EPOLLIN | EPOLLONESHOT) == 0);
  assert(epoll_wait(ep, ev, 4, 0) == 1);
  assert(epoll_wait(ep, ev, 4, 0) == 0); // the byte is still there
  assert(watch(ep, EPOLL_CTL_MOD, q[0], EPOLLIN) == 0);
  assert(epoll_wait(ep, ev, 4, 0) == 1);

  // maxevents 1 with two ready entries: they take turns.
  assert(watch(ep, EPOLL_CTL_ADD, q[1], EPOLLOUT) == 0);
  assert(epoll_wait(ep, ev, 1, 0) == 1);
  int first = ev[0].data.fd;
  assert(epoll_wait(ep, ev, 1, 0) == 1);
  assert(ev[0].data.fd != first);
  assert(epoll_wait(ep, ev, 1, 0) == 1);
  assert(ev[0].data.fd == first);

  // The instance's own descriptor is readable (poll) while an entry is ready.
  struct pollfd pfd = {ep, POLLIN, 0};
  assert(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLIN);
  assert(close(q[0]) == 0 && close(q[1]) == 0); // both ends gone: no entry left
  assert(epoll_wait(ep, ev, 4, 0) == 0);
  assert(poll(&pfd, 1, 0) == 0);
  assert(close(ep) == 0);
  return 0;
}
