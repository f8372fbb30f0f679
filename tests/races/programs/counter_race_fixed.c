/* Expected: clean, complete. counter_race with the increment under a process-shared mutex in
 * the shared region: every increment is ordered with the others by unlock -> lock. */
#include "race_common.h"

#include <pthread.h>

struct Shared {
  pthread_mutex_t lock;
  int counter;
};

static struct Shared *s;

static void work(int index) {
  (void)index;
  pthread_mutex_lock(&s->lock);
  s->counter++;
  pthread_mutex_unlock(&s->lock);
}

int main(void) {
  s = sharedRegion(sizeof *s);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(&s->lock, &attr);
  s->counter = 0;
  forkWorkers(2, work);
  reapAll(2);
  assert(s->counter == 2);
  return 0;
}
