/* Expected: clean. The fixed twin of pipe_publish_race.c: the parent reads the pipe first; the
 * child's write of the record happens before its pipe write, which happens before the parent's
 * read of the byte (the pipe model's release/acquire), so the record read is ordered. */
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
  char byte = 0;
  if (read(done[0], &byte, 1) != 1)
    return 2;
  assert(record->value == 42);
  reapAll(1);
  return 0;
}
