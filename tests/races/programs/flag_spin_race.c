/* Expected: data races on "anonymous shared mapping+0x8" (ready) and "+0x0" (data): a child
 * raises a plain flag that the parent waits for in a plain spin loop (`while (!s->ready)`), but
 * raises it BEFORE writing the datum. Under race focus the parent's loads of the flag are steps,
 * and the spin rule (docs/spin-loops.md) keeps the loop finite: the parent reads ready == 1 and
 * then data == 0 in between the child's two stores, and its assertion fails. Without focus the
 * child writes both before the parent reads (plain accesses are no scheduling points). Fixed
 * twins: flag_spin_publish (the right order: still racy, nothing fails), flag_spin_fixed. */
#include "flag_spin_common.h"

static void publish(int index) {
  (void)index;
  s->ready = 1;
  s->data = 42;
}

int main(void) {
  s = sharedRegion(sizeof *s);
  forkWorkers(1, publish);
  consume();
  reapAll(1);
  return 0;
}
