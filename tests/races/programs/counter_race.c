/* Expected: data-race (kind data-race) on "anonymous shared mapping+0x0": two forked workers
 * increment a counter in MAP_SHARED anonymous memory without a lock; each increment's load and
 * store are unordered with the other workers' ones (only fork orders them after the parent's
 * initialisation). Reported once per pair of code locations, in the first execution already
 * (happens-before needs no particular interleaving). The run is still explored completely. */
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
  printf("counter = %d\n", s->counter);
  return 0;
}
