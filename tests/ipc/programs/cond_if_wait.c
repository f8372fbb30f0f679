// P1 takes one item from a queue shared with P0, waiting on a process-shared condition variable
// while the queue is empty. P0 offers an item (signalling P1), takes it back if nobody claimed it
// yet, then offers the final item.
// Bug: P1 waits with `if` instead of `while`. When P1 waits, P0 offers and signals, and P0 takes
// the item back before P1 reacquires the mutex, P1 wakes to an empty queue: assertion. The
// default order is fine.
// expect: exit 1, assertion `s->items > 0`; fixed twin: cond_if_wait_fixed.c
#include "ipc.h"

#include <assert.h>

struct state {
  pthread_mutex_t lock;
  pthread_cond_t nonempty;
  int items;
};

static void offer(struct state *s) {
  pthread_mutex_lock(&s->lock);
  s->items++;
  pthread_cond_signal(&s->nonempty);
  pthread_mutex_unlock(&s->lock);
}

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  shared_mutex(&s->lock);
  shared_cond(&s->nonempty);
  if (fork() == 0) { // P1: consumer
    pthread_mutex_lock(&s->lock);
#ifdef FIXED
    while (s->items == 0)
#else
    if (s->items == 0) // BUG: the item may be gone again before we run
#endif
      pthread_cond_wait(&s->nonempty, &s->lock);
    assert(s->items > 0);
    s->items--;
    pthread_mutex_unlock(&s->lock);
    _exit(0);
  }
  offer(s);
  pthread_mutex_lock(&s->lock);
  if (s->items > 0) // withdraw the offer when still unclaimed
    s->items--;
  pthread_mutex_unlock(&s->lock);
  offer(s);
  reap_children(1);
  return 0;
}
