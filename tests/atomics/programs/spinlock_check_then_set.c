/* spinlock_check_then_set: a broken spin lock in MAP_SHARED memory: each of two processes waits
 * until the lock reads 0, then stores 1 (a separate load and store, not one atomic exchange), so
 * both may enter. Inside, each increments a shared counter with an atomic load and a separate
 * atomic store, which the lock was meant to make safe. The lost update needs both processes past
 * the check before either stores 1:
 *   P1: load lock=0 ........................ store lock=1, load counter=0 ......... store 1
 *   P2:             load lock=0, store lock=1, load counter=0, store 1
 * and the parent's assert(counter == 2) fails. The fixed twin (spinlock_check_then_set_fixed)
 * takes the lock with one atomic exchange. */
#include "common.h"

#include <assert.h>
#include <stdatomic.h>

struct shared {
  atomic_int lock;
  atomic_int counter;
};
static struct shared *s;

static void lock(void) {
#ifdef FIXED
  while (atomic_exchange(&s->lock, 1) != 0) {
  }
#else
  while (atomic_load(&s->lock) != 0) {
  }
  atomic_store(&s->lock, 1);
#endif
}

static void work(int i) {
  (void)i;
  lock();
  int seen = atomic_load(&s->counter);
  atomic_store(&s->counter, seen + 1);
  atomic_store(&s->lock, 0);
}

int main(void) {
  s = shared_region(sizeof *s);
  run_workers(2, work);
  assert(atomic_load(&s->counter) == 2);
  return 0;
}
