// Three processes (P0 and two children) each fill their slot, meet at a process-shared barrier
// of count 3, then check that every slot is filled. Exactly one arrival gets
// PTHREAD_BARRIER_SERIAL_THREAD. (The barrier's next generation is covered by the unit tests.)
// expect: clean and complete
#include "ipc.h"

#include <assert.h>

struct state {
  pthread_barrier_t barrier;
  int slot[3];
  int serial;
};

static void work(struct state *s, int me) {
  s->slot[me] = 1;
  if (pthread_barrier_wait(&s->barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
    __atomic_fetch_add(&s->serial, 1, __ATOMIC_RELAXED);
  for (int i = 0; i < 3; ++i)
    assert(s->slot[i] == 1);
}

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  pthread_barrierattr_t attr;
  pthread_barrierattr_init(&attr);
  pthread_barrierattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_barrier_init(&s->barrier, &attr, 3);
  pthread_barrierattr_destroy(&attr);
  for (int i = 1; i <= 2; ++i) {
    if (fork() == 0) {
      work(s, i);
      _exit(0);
    }
  }
  work(s, 0);
  reap_children(2);
  assert(s->serial == 1);
  pthread_barrier_destroy(&s->barrier);
  return 0;
}
