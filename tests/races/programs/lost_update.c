/* Expected: data-race on "anonymous shared mapping+0x0" (main search), then, under race focus on
 * that location, the lost update: both workers load 0 before either stores, the counter ends at
 * 1 and the parent's assertion fails. Without race focus the increments are never interleaved
 * (plain accesses are no scheduling points), so only the race is reported. Fixed twin:
 * counter_race_fixed (the same with a process-shared mutex). */
#include "race_common.h"

struct Shared {
  int counter;
};

static struct Shared *s;

static void work(int index) {
  (void)index;
  s->counter++;
}

int main(void) {
  s = sharedRegion(sizeof *s);
  s->counter = 0;
  forkWorkers(2, work);
  reapAll(2);
  assert(s->counter == 2);
  return 0;
}
