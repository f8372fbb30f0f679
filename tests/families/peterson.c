/* peterson [broken]: Peterson's mutual exclusion for two processes, on C11 atomics (sequentially
 * consistent) in MAP_SHARED memory; each process enters the critical section once, where an
 * atomic occupancy count checks mutual exclusion (assert). Under SC Peterson is correct: clean and
 * complete. With "broken", each process writes turn BEFORE raising its flag, and both can enter:
 *   P1: turn=1 .................................. flag[0]=1, flag[1]==1 && turn==1? no: enter
 *   P2:        turn=0, flag[1]=1, flag[0]==0: enter
 * The waiting loop `while (flag[j] && turn == j)` is a spin loop: a process that re-reads both
 * locations unchanged is spin-blocked until the other process writes one (docs/spin-loops.md),
 * so the search is finite. */
#include "common.h"

#include <assert.h>
#include <stdatomic.h>
#include <string.h>

struct shared {
  atomic_int flag[2];
  atomic_int turn;
  atomic_int inside;
};
static struct shared *s;
static int broken;

static void work(int i) {
  const int j = 1 - i;
  if (broken) {
    atomic_store(&s->turn, j);
    atomic_store(&s->flag[i], 1);
  } else {
    atomic_store(&s->flag[i], 1);
    atomic_store(&s->turn, j);
  }
  while (atomic_load(&s->flag[j]) && atomic_load(&s->turn) == j) {
  }
  assert(atomic_fetch_add(&s->inside, 1) == 0); /* critical section */
  atomic_fetch_sub(&s->inside, 1);
  atomic_store(&s->flag[i], 0);
}

int main(int argc, char **argv) {
  broken = argc > 1 && strcmp(argv[1], "broken") == 0;
  s = shared_region(sizeof *s);
  run_workers(2, work);
  return 0;
}
