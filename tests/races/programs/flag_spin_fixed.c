/* Expected: clean, complete. flag_spin_publish with an atomic flag (release store, acquire loads
 * in the spin loop, which the spin rule keeps finite): the datum's write happens before its
 * read. */
#include "race_common.h"

#include <stdatomic.h>

struct Shared {
  int data;
  atomic_int ready;
};

static struct Shared *s;

static void publish(int index) {
  (void)index;
  s->data = 42;
  atomic_store_explicit(&s->ready, 1, memory_order_release);
}

int main(void) {
  s = sharedRegion(sizeof *s);
  forkWorkers(1, publish);
  while (!atomic_load_explicit(&s->ready, memory_order_acquire)) {
  }
  assert(s->data == 42);
  reapAll(1);
  return 0;
}
