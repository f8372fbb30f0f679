// The fixed twin of sigpipe_early_exit.c: the writer ignores SIGPIPE, so a write after the
// reader left fails with EPIPE, which it expects.
#include "pipes.h"

#include <assert.h>
#include <errno.h>
#include <signal.h>

int main(void) {
  int fds[2];
  if (pipe(fds) != 0)
    return 99;
  if (fork() == 0) {
    signal(SIGPIPE, SIG_IGN);
    close(fds[0]);
    for (int message = 1; message <= 2; ++message) {
      ssize_t n = write(fds[1], &message, sizeof message);
      assert(n == sizeof message || (n < 0 && errno == EPIPE && message == 2));
    }
    close(fds[1]);
    return 0;
  }
  close(fds[1]);
  int message = 0;
  assert(read_full(fds[0], &message, sizeof message) == sizeof message);
  close(fds[0]);
  reap_children(1);
  return 0;
}
