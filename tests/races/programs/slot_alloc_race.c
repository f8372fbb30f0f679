/* Expected: data-race on "anonymous shared mapping+0x0" (main search: worker 2 reads slot 0's
 * owner that worker 1 wrote, unordered), then, under race focus on that location, the double
 * allocation: both workers find slot 0 free before either takes it (check-then-act), and the
 * parent's assertion that they got different slots fails. Fixed twin: slot_alloc_race_fixed. */
#include "race_common.h"

enum { kSlots = 4, kWorkers = 2 };

struct Shared {
  int owner[kSlots]; /* 0: free, else the worker's index + 1 */
  int taken[kWorkers];
};

static struct Shared *s;

static void work(int index) {
  for (int i = 0; i < kSlots; ++i) {
    if (s->owner[i] == 0) {
      s->owner[i] = index + 1;
      s->taken[index] = i;
      return;
    }
  }
  s->taken[index] = -1;
}

int main(void) {
  s = sharedRegion(sizeof *s);
  forkWorkers(kWorkers, work);
  reapAll(kWorkers);
  assert(s->taken[0] != s->taken[1]);
  return 0;
}
