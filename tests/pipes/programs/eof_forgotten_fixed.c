// The fixed twin of eof_forgotten.c: the parent closes its write end before waiting, so the
// worker's read returns 0 (EOF) once it has both jobs.
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
  close(fds[1]);
  reap_children(1);
  return 0;
}
