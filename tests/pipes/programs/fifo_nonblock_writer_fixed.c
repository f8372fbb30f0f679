// The fixed twin of fifo_nonblock_writer.c: the writer's open blocks until the reader opens (and
// the reader's until the writer does), so they meet in either order.
#include "pipes.h"

#include <assert.h>
#include <fcntl.h>
#include <sys/stat.h>

#define FIFO_NAME "lockstep-test-fifo"

int main(void) {
  if (mkfifo(FIFO_NAME, 0600) != 0)
    return 99;
  if (fork() == 0) {
    int fd = open(FIFO_NAME, O_WRONLY);
    assert(fd >= 0);
    int message = 7;
    write_full(fd, &message, sizeof message);
    close(fd);
    return 0;
  }
  int fd = open(FIFO_NAME, O_RDONLY);
  int message = 0;
  assert(read_full(fd, &message, sizeof message) == sizeof message && message == 7);
  close(fd);
  reap_children(1);
  return 0;
}
