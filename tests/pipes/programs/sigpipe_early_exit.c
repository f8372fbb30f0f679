// The reader of a pipe (the parent) takes the first message and closes its read end; the writer
// (the child) sends two. When the read end is gone before the second write, that write raises
// SIGPIPE, whose default action kills the writer (a crash). The first interleaving (the writer
// sends both while the reader waits) is fine. The fixed twin, sigpipe_early_exit_fixed.c, ignores
// SIGPIPE, so a write after the reader left fails with EPIPE, which it expects.
#include "pipes.h"

#include <assert.h>
#include <errno.h>
#include <signal.h>

int main(void) {
  int fds[2];
  if (pipe(fds) != 0)
    return 99;
  if (fork() == 0) {
#ifdef FIXED
    signal(SIGPIPE, SIG_IGN);
#endif
    close(fds[0]);
    for (int message = 1; message <= 2; ++message) {
#ifdef FIXED
      ssize_t n = write(fds[1], &message, sizeof message);
      assert(n == sizeof message || (n < 0 && errno == EPIPE && message == 2));
#else
      write(fds[1], &message, sizeof message); // BUG: SIGPIPE once the reader is gone
#endif
    }
    close(fds[1]);
    return 0;
  }
  close(fds[1]);
  int message = 0;
  assert(read_full(fds[0], &message, sizeof message) == sizeof message);
  close(fds[0]); // leaves the second message unread
  reap_children(1);
  return 0;
}
