// P1 waits up to one second (computed from clock_gettime) for P0 to publish a value, with
// sem_timedwait on a process-shared semaphore. Under Lockstep the clock is virtual: a wait that
// times out advances it to the deadline, so the elapsed time P1 measures is at least a second.
// Bug: on a time-out P1 assumes the producer is done anyway and reads the value. When P1 times
// out before P0 posted: assertion. The default order (P0 posts first) is fine.
//   P0: fork, usleep ......................... value = 42, post, wait
//   P1:       sem_timedwait: times out |  assert(s->value == 42) fails
// expect: exit 1, assertion `s->value == 42`; fixed twin: sem_timeout_fixed.c (a time-out
// falls back to a blocking sem_wait).
#include "mq.h"

#include <assert.h>
#include <errno.h>
#include <semaphore.h>
#include <time.h>

struct state {
  sem_t ready;
  int value;
};

static long long nanos(const struct timespec *t) { return t->tv_sec * 1000000000LL + t->tv_nsec; }

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  sem_init(&s->ready, 1, 0);
  if (fork() == 0) {
    struct timespec start;
    struct timespec deadline;
    struct timespec end;
    clock_gettime(CLOCK_REALTIME, &start);
    deadline = start;
    deadline.tv_sec += 1;
    int rc = sem_timedwait(&s->ready, &deadline);
    clock_gettime(CLOCK_REALTIME, &end);
    if (rc != 0) {
      assert(errno == ETIMEDOUT);
      assert(nanos(&end) - nanos(&start) >= 1000000000LL); // the virtual clock moved on
#ifdef FIXED
      rc = sem_wait(&s->ready); // the producer is late, not gone
#endif
    }
    assert(s->value == 42); // BUG without FIXED: a time-out does not mean the value is there
    _exit(0);
  }
  usleep(1000); // producing the value takes a while (a visible step)
  s->value = 42;
  sem_post(&s->ready);
  reap_children(1);
  return 0;
}
