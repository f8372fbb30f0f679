// Two writers share one pipe and each sends its message as two writes (a header naming the
// writer, then the body). Each write is atomic, but the pair is not: when the other writer's
// header comes between them, the reader takes that header for the body of the first message and
// its check fails. The first interleaving (each writer runs to its end) is fine. The fixed twin,
// split_message_fixed.c, sends each message in one write of 8 bytes (at most PIPE_BUF, hence
// atomic), so messages never interleave.
#include "pipes.h"

#include <assert.h>

static void writer(int fd, int id) {
#ifdef FIXED
  int message[2] = {id, id * 100};
  write_full(fd, message, sizeof message);
#else
  int header = id;
  int body = id * 100;
  write_full(fd, &header, sizeof header); // BUG: a message in two writes
  write_full(fd, &body, sizeof body);
#endif
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
