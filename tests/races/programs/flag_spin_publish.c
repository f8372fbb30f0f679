/* Expected: data races on "anonymous shared mapping+0x8" (ready) and "+0x0" (data): a child
 * publishes a datum through a plain flag that the parent waits for in a plain spin loop. Under
 * sequential consistency nothing fails (the datum is written before the flag), so the focused
 * search, in which the parent's spin loop is a loop of memory_load steps, must COMPLETE: the spin
 * rule blocks the parent once it re-reads a flag nobody wrote since its last read, until the
 * child's store wakes it, instead of letting it spin until --max-steps. */
#include "flag_spin_common.h"

static void publish(int index) {
  (void)index;
  s->data = 42;
  s->ready = 1;
}

int main(void) {
  s = sharedRegion(sizeof *s);
  forkWorkers(1, publish);
  consume();
  reapAll(1);
  return 0;
}
