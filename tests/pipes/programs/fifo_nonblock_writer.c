// Two processes meet on a named FIFO, created in the current directory by the run (Lockstep
// removes it afterwards). The writer opens it with O_NONBLOCK and assumes success, but without
// a reader a non-blocking open for writing fails with ENXIO (fifo(7)): when the writer opens
// first, its check fails. The first interleaving (the parent, the reader, opens first) is fine.
// The fixed twin, fifo_nonblock_writer_fixed.c, opens blocking: the writer's open waits for the
// reader's (and the reader's for the writer's), so they meet in either order.
#include "pipes.h"

#include <assert.h>
#include <fcntl.h>
#include <sys/stat.h>

#define FIFO_NAME "lockstep-test-fifo"

int main(void) {
  if (mkfifo(FIFO_NAME, 0600) != 0)
    return 99;
  if (fork() == 0) {
#ifdef FIXED
    int fd = open(FIFO_NAME, O_WRONLY);
#else
    int fd = open(FIFO_NAME, O_WRONLY | O_NONBLOCK); // BUG: ENXIO while no reader is there
#endif
    assert(fd >= 0);
    int message = 7;
    write_full(fd, &message, sizeof message);
    close(fd);
    return 0;
  }
  int fd = open(FIFO_NAME, O_RDONLY);
  int message = 0;
#ifdef FIXED
  assert(read_full(fd, &message, sizeof message) == sizeof message && message == 7);
#else
  read_full(fd, &message, sizeof message);
#endif
  close(fd);
  reap_children(1);
  return 0;
}
