// A blocking poll on a modelled pipe and on a descriptor Lockstep does not model (a regular file
// opened here: it could become ready outside the scheduler). Expected: refused (unsupported),
// naming poll.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

int main(void) {
  int fds[2];
  if (pipe(fds) != 0)
    return 99;
  int other = open("/dev/null", O_RDONLY);
  struct pollfd p[2] = {{fds[0], POLLIN, 0}, {other, POLLIN, 0}};
  poll(p, 2, -1);
  return 0;
}
