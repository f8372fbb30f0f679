// The fixed twin of fifo_nonblock_writer.c: the writer's open blocks until the reader opens (and
// the reader's until the writer does), so they meet in either order.
#define FIXED
#include "fifo_nonblock_writer.c"
