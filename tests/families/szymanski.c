/* szymanski: Szymanski's mutual exclusion (B. Szymanski, "A simple solution to Lamport's
 * concurrent programming problem with linear wait", ICS 1988) for two processes on sequentially
 * consistent atomics in MAP_SHARED memory; each enters the critical section once, where an atomic
 * occupancy count checks mutual exclusion. Flags: 0 outside, 1 wants in, 2 waits for others, 3 in
 * the doorway, 4 past the doorway. For process i and the other process j:
 *   flag[i]=1; await flag[j] < 3; flag[i]=3;
 *   if flag[j] == 1 { flag[i]=2; await flag[j] == 4; }
 *   flag[i]=4; if j < i: await flag[j] < 2;
 *   critical section
 *   if j > i: await flag[j] < 2 || flag[j] > 3;  flag[i]=0
 * Correct under SC: clean and complete. Every await is a spin loop (docs/spin-loops.md). */
#include "common.h"

#include <assert.h>
#include <stdatomic.h>

struct shared {
  atomic_int flag[2];
  atomic_int inside;
};
static struct shared *s;

static void work(int i) {
  const int j = 1 - i;
  atomic_store(&s->flag[i], 1);
  while (atomic_load(&s->flag[j]) >= 3) {
  }
  atomic_store(&s->flag[i], 3);
  if (atomic_load(&s->flag[j]) == 1) {
    atomic_store(&s->flag[i], 2);
    while (atomic_load(&s->flag[j]) != 4) {
    }
  }
  atomic_store(&s->flag[i], 4);
  if (j < i) {
    while (atomic_load(&s->flag[j]) >= 2) {
    }
  }
  assert(atomic_fetch_add(&s->inside, 1) == 0); /* critical section */
  atomic_fetch_sub(&s->inside, 1);
  if (j > i) {
    int f;
    while ((f = atomic_load(&s->flag[j])) >= 2 && f <= 3) {
    }
  }
  atomic_store(&s->flag[i], 0);
}

int main(void) {
  s = shared_region(sizeof *s);
  run_workers(2, work);
  return 0;
}
