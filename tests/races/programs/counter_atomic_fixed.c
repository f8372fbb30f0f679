/* Expected: clean, complete. counter_race with the increment as an atomic read-modify-write:
 * atomic accesses never race with each other, and the parent's final plain read is ordered
 * after every worker's increment by exit -> wait. */
#include "race_common.h"

struct Shared {
  int counter;
};

static struct Shared *s;

static void work(int index) {
  (void)index;
  __atomic_fetch_add(&s->counter, 1, __ATOMIC_SEQ_CST);
}

int main(void) {
  s = sharedRegion(sizeof *s);
  s->counter = 0;
  forkWorkers(2, work);
  reapAll(2);
  assert(s->counter == 2);
  return 0;
}
