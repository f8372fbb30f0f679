/* Expected: data-race on "anonymous shared mapping+0x0": a child fills a record in shared memory
 * and then sends a byte through a pipe to say it is done; the parent reads the record BEFORE it
 * reads the pipe, so nothing orders its read after the child's write. Fixed twin
 * pipe_publish_race_fixed.c (clean): the parent reads the pipe first; the child's write of the
 * record happens before its pipe write, which happens before the parent's read of the byte (the
 * pipe model's release/acquire), so the record read is ordered. */
#include "race_common.h"

struct Record {
  int value;
};

static struct Record *record;
static int done[2];

static void produce(int index) {
  (void)index;
  record->value = 42;
  const char byte = 1;
  if (write(done[1], &byte, 1) != 1)
    _exit(2);
}

int main(void) {
  record = sharedRegion(sizeof *record);
  if (pipe(done) != 0)
    return 2;
  forkWorkers(1, produce);
#ifndef FIXED
  const int seen = record->value; /* BUG: read before the message that publishes it */
#endif
  char byte = 0;
  if (read(done[0], &byte, 1) != 1)
    return 2;
#ifdef FIXED
  assert(record->value == 42);
#else
  (void)seen;
#endif
  reapAll(1);
  return 0;
}
