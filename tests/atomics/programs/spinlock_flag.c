/* spinlock_flag: two processes each take a spin lock built on an atomic_flag in MAP_SHARED memory
 * (atomic_flag_test_and_set / atomic_flag_clear), increment a plain counter inside, and release
 * it; the parent checks the counter. Correct: every interleaving ends with counter == 2.
 * Without the spin rule the waiting process's test_and_set loop would give an unbounded number
 * of executions (one per number of failed attempts); with it, a failed attempt repeated while
 * the holder has not released the flag is spin-blocked, so the search is finite (the exact
 * count is asserted in tests/atomics/AtomicsTest.cpp, with its derivation). */
#include "common.h"

#include <assert.h>
#include <stdatomic.h>

struct shared {
  atomic_flag lock;
  int counter;
};
static struct shared *s;

static void work(int i) {
  (void)i;
  while (atomic_flag_test_and_set(&s->lock)) {
  }
  ++s->counter;
  atomic_flag_clear(&s->lock);
}

int main(void) {
  s = shared_region(sizeof *s);
  atomic_flag_clear(&s->lock);
  run_workers(2, work);
  assert(s->counter == 2);
  return 0;
}
