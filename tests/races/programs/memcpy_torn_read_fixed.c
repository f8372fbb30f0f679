/* Expected: clean, complete. memcpy_torn_read with the update and the copy under a
 * process-shared mutex in the shared region. */
#include "race_common.h"

#include <pthread.h>
#include <string.h>

struct Pair {
  long a;
  long b;
};

struct Shared {
  pthread_mutex_t lock;
  struct Pair pair;
};

static struct Shared *s;

static void update(int index) {
  (void)index;
  pthread_mutex_lock(&s->lock);
  s->pair.a = 1;
  s->pair.b = 1;
  pthread_mutex_unlock(&s->lock);
}

int main(void) {
  s = sharedRegion(sizeof *s);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(&s->lock, &attr);
  forkWorkers(1, update);
  struct Pair copy;
  pthread_mutex_lock(&s->lock);
  memcpy(&copy, &s->pair, sizeof copy);
  pthread_mutex_unlock(&s->lock);
  assert(copy.a == copy.b);
  reapAll(1);
  return 0;
}
