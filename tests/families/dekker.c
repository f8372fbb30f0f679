/* dekker: Dekker's mutual exclusion for two processes on sequentially consistent atomics in
 * MAP_SHARED memory; each enters the critical section once, where an atomic occupancy count
 * checks mutual exclusion. Correct under SC: clean and complete. Both waiting loops (the outer
 * `while (flag[j])` and the inner `while (turn != i)`) are spin loops (docs/spin-loops.md). */
#include "common.h"

#include <assert.h>
#include <stdatomic.h>

struct shared {
  atomic_int flag[2];
  atomic_int turn;
  atomic_int inside;
};
static struct shared *s;

static void work(int i) {
  const int j = 1 - i;
  atomic_store(&s->flag[i], 1);
  while (atomic_load(&s->flag[j])) {
    if (atomic_load(&s->turn) != i) {
      atomic_store(&s->flag[i], 0);
      while (atomic_load(&s->turn) != i) {
      }
      atomic_store(&s->flag[i], 1);
    }
  }
  assert(atomic_fetch_add(&s->inside, 1) == 0); /* critical section */
  atomic_fetch_sub(&s->inside, 1);
  atomic_store(&s->turn, j);
  atomic_store(&s->flag[i], 0);
}

int main(void) {
  s = shared_region(sizeof *s);
  run_workers(2, work);
  return 0;
}
