/* Expected: data-race (kind data-race) on "anonymous shared mapping+0x0": two forked workers
 * increment a counter in MAP_SHARED anonymous memory without a lock; each increment's load and
 * store are unordered with the other workers' ones (only fork orders them after the parent's
 * initialisation). Reported once per pair of code locations, in the first execution already
 * (happens-before needs no particular interleaving). The run is still explored completely.
 * Fixed twin counter_race_fixed.c (clean, complete): the increment is under a process-shared
 * mutex in the shared region, so every increment is ordered with the others by unlock -> lock. */
#include "race_common.h"

#include <pthread.h>

struct Shared {
#ifdef FIXED
  pthread_mutex_t lock;
#endif
  int counter;
};

static struct Shared *s;

static void work(int index) {
  (void)index;
#ifdef FIXED
  pthread_mutex_lock(&s->lock);
  s->counter++;
  pthread_mutex_unlock(&s->lock);
#else
  s->counter++; /* BUG: nothing orders it with the other worker's increment */
#endif
}

int main(void) {
  s = sharedRegion(sizeof *s);
#ifdef FIXED
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(&s->lock, &attr);
#endif
  s->counter = 0;
  forkWorkers(2, work);
  reapAll(2);
#ifdef FIXED
  assert(s->counter == 2);
#else
  printf("counter = %d\n", s->counter);
#endif
  return 0;
}
