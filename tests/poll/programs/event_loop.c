// A poll(2) event loop serving two clients, each sending one request over its own pipe. Bug: the
// loop handles one ready descriptor per wakeup but counts poll's return value as the requests it
// served; when both requests are already there at one wakeup, it stops after serving one and the
// other request is lost. The default interleaving (the server polls before any client runs)
// serves them one wakeup at a time; the bug needs both clients to write before a poll.
// Expected: assertion "handled == 2". Fixed twin event_loop_fixed.c: the loop handles every
// ready descriptor of a wakeup and counts the requests it handled (expected: clean, complete).
#include "../../pipes/programs/pipes.h"

#include <assert.h>
#include <poll.h>

static void client(int fd, int request) {
  write_full(fd, &request, sizeof request);
  exit(0);
}

int main(void) {
  struct pollfd pfds[2];
  for (int i = 0; i < 2; ++i) {
    int fds[2];
    if (pipe(fds) != 0)
      return 99;
    if (fork() == 0)
      client(fds[1], 10 + i); // its other descriptors close at its exit
    pfds[i].fd = fds[0];
    pfds[i].events = POLLIN;
  }
  int handled = 0, sum = 0;
#ifdef FIXED
  while (handled < 2) {
#else
  int served = 0;
  while (served < 2) {
#endif
    int n = poll(pfds, 2, -1);
    assert(n > 0);
    for (int i = 0; i < 2; ++i) {
      if (pfds[i].fd >= 0 && pfds[i].revents != 0) {
        int request = 0;
        assert(read_full(pfds[i].fd, &request, sizeof request) == sizeof request);
        sum += request;
        ++handled;
        pfds[i].fd = -1; // poll ignores it from now on
#ifndef FIXED
        break; // one event per wakeup
#endif
      }
    }
#ifndef FIXED
    served += n; // BUG: n descriptors were ready, but only one was handled
#endif
  }
  assert(handled == 2);
  assert(sum == 21);
  reap_children(2);
  return 0;
}
