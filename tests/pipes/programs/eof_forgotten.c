// A worker reads jobs from a pipe until EOF, but the parent forgets to close its own copy of
// the write end (fork duplicated it): EOF never comes, the worker waits in read forever while
// the parent waits for it. Lockstep reports the deadlock and names the process that still holds
// the write end. The fixed twin, eof_forgotten_fixed.c, closes it before waiting, so the worker's
// read returns 0 (EOF) once it has both jobs.
#include "pipes.h"

#include <assert.h>

int main(void) {
  int fds[2];
  if (pipe(fds) != 0)
    return 99;
  if (fork() == 0) {
    close(fds[1]);
    int job = 0;
    int sum = 0;
    while (read_full(fds[0], &job, sizeof job) == sizeof job)
      sum += job;
    assert(sum == 3);
    return 0;
  }
  close(fds[0]);
  for (int job = 1; job <= 2; ++job)
    write_full(fds[1], &job, sizeof job);
#ifdef FIXED
  close(fds[1]);
#else
    // BUG: the write end stays open here, so the worker never sees EOF
#endif
  reap_children(1);
  return 0;
}
