// P0 builds a record under a process-shared mutex in two stages (with a pause between them);
// P1 reads it with pthread_mutex_timedlock.
// Bug: when the timed lock times out, P1 assumes the builder is done and reads the record
// without the lock. When P1 times out while P0 is between the two stages: assertion. The default
// order (P0 first) is fine.
// expect: exit 1, assertion `s->stage == 2`; fixed twin: timedlock_timeout_fixed.c
#include "ipc.h"

#include <assert.h>
#include <errno.h>
#include <time.h>

struct state {
  pthread_mutex_t lock;
  int stage;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  shared_mutex(&s->lock);
  if (fork() == 0) {
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 1;
    int rc = pthread_mutex_timedlock(&s->lock, &deadline);
    if (rc == ETIMEDOUT) {
#ifdef FIXED
      rc = pthread_mutex_lock(&s->lock); // still busy: wait for it after all
#else
      assert(s->stage == 2); // BUG: a time-out does not mean the builder finished
      _exit(0);
#endif
    }
    assert(rc == 0);
    assert(s->stage == 0 || s->stage == 2);
    pthread_mutex_unlock(&s->lock);
    _exit(0);
  }
  pthread_mutex_lock(&s->lock);
  s->stage = 1;
  usleep(1000); // a visible step: the record is half built
  s->stage = 2;
  pthread_mutex_unlock(&s->lock);
  reap_children(1);
  return 0;
}
