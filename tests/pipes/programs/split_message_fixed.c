// The fixed twin of split_message.c: each writer sends header and body in one write of 8 bytes
// (at most PIPE_BUF, hence atomic), so messages never interleave.
#include "pipes.h"

#include <assert.h>

static void writer(int fd, int id) {
  int message[2] = {id, id * 100};
  write_full(fd, message, sizeof message);
  exit(0);
}

int main(void) {
  int fds[2];
  if (pipe(fds) != 0)
    return 99;
  if (fork() == 0)
    writer(fds[1], 1);
  if (fork() == 0)
    writer(fds[1], 2);
  close(fds[1]);
  for (int i = 0; i < 2; ++i) {
    int message[2];
    assert(read_full(fds[0], message, sizeof message) == sizeof message);
    assert(message[1] == message[0] * 100);
  }
  reap_children(2);
  return 0;
}
