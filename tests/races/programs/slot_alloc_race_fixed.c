/* Expected: clean, complete. slot_alloc_race with the search and the taking of a slot under a
 * process-shared mutex: no two workers take the same slot, no race. */
#include "race_common.h"

#include <pthread.h>

enum { kSlots = 4, kWorkers = 2 };

struct Shared {
  pthread_mutex_t lock;
  int owner[kSlots]; /* 0: free, else the worker's index + 1 */
  int taken[kWorkers];
};

static struct Shared *s;

static void work(int index) {
  pthread_mutex_lock(&s->lock);
  s->taken[index] = -1;
  for (int i = 0; i < kSlots; ++i) {
    if (s->owner[i] == 0) {
      s->owner[i] = index + 1;
      s->taken[index] = i;
      break;
    }
  }
  pthread_mutex_unlock(&s->lock);
}

int main(void) {
  s = sharedRegion(sizeof *s);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(&s->lock, &attr);
  forkWorkers(kWorkers, work);
  reapAll(kWorkers);
  assert(s->taken[0] != s->taken[1]);
  return 0;
}
