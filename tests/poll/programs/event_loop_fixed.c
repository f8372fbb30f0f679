// The fixed twin of event_loop.c: the loop handles every ready descriptor of a wakeup and counts
// the requests it handled, not poll's return value. Expected: clean, complete.
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
  while (handled < 2) {
    int n = poll(pfds, 2, -1);
    assert(n > 0);
    for (int i = 0; i < 2; ++i) {
      if (pfds[i].fd >= 0 && pfds[i].revents != 0) {
        int request = 0;
        assert(read_full(pfds[i].fd, &request, sizeof request) == sizeof request);
        sum += request;
        ++handled;
        pfds[i].fd = -1;
      }
    }
  }
  assert(sum == 21);
  reap_children(2);
  return 0;
}
