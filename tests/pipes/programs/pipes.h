// Helpers shared by the pipe test programs: whole-buffer read and write loops (what correct code
// around pipes does) and the reaping of children. Header-only so that each program stays one
// self-contained executable.
#ifndef LOCKSTEP_TESTS_PIPES_PIPES_H
#define LOCKSTEP_TESTS_PIPES_PIPES_H

#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

// Reads exactly size bytes unless EOF comes first; returns the bytes read, -1 on error.
static inline ssize_t read_full(int fd, void *buf, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = read(fd, (char *)buf + done, size - done);
    if (n < 0)
      return -1;
    if (n == 0)
      break;
    done += (size_t)n;
  }
  return (ssize_t)done;
}

// Writes all size bytes; returns size, or -1 on error.
static inline ssize_t write_full(int fd, const void *buf, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = write(fd, (const char *)buf + done, size - done);
    if (n < 0)
      return -1;
    done += (size_t)n;
  }
  return (ssize_t)done;
}

// Waits for n children; exits 1 when one did not exit with status 0.
static inline void reap_children(int n) {
  for (int i = 0; i < n; ++i) {
    int status = 0;
    if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
      exit(1);
  }
}

#endif
