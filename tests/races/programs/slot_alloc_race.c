/* Expected: data-race on "anonymous shared mapping+0x0" (main search: worker 2 reads slot 0's
 * owner that worker 1 wrote, unordered), then, under race focus on that location, the double
 * allocation: both workers find slot 0 free before either takes it (check-then-act), and the
 * parent's assertion that they got different slots fails. Fixed twin slot_alloc_race_fixed.c
 * (clean, complete): the search and the taking of a slot are under a process-shared mutex. */
#include "race_common.h"

#include <pthread.h>

enum { kSlots = 4, kWorkers = 2 };

struct Shared {
#ifdef FIXED
  pthread_mutex_t lock;
#endif
  int owner[kSlots]; /* 0: free, else the worker's index + 1 */
  int taken[kWorkers];
};

static struct Shared *s;

static void work(int index) {
#ifdef FIXED
  pthread_mutex_lock(&s->lock);
  s->taken[index] = -1;
#else
  /* BUG: another worker can take slot i between this worker's check and its take */
#endif
  for (int i = 0; i < kSlots; ++i) {
    if (s->owner[i] == 0) {
      s->owner[i] = index + 1;
      s->taken[index] = i;
#ifdef FIXED
      break;
#else
      return;
#endif
    }
  }
#ifdef FIXED
  pthread_mutex_unlock(&s->lock);
#else
  s->taken[index] = -1;
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
  forkWorkers(kWorkers, work);
  reapAll(kWorkers);
  assert(s->taken[0] != s->taken[1]);
  return 0;
}
