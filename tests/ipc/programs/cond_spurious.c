// P1 waits on a process-shared condition variable with `if` until P0 sets a flag. Without
// spurious wakeups a signal always comes with the flag set (clean); with --spurious-wakeups the
// wait may return before: assertion.
// expect: exit 0 complete; with --spurious-wakeups exit 1, assertion `s->ready`
#include "ipc.h"

#include <assert.h>

struct state {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  int ready;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  shared_mutex(&s->lock);
  shared_cond(&s->cond);
  if (fork() == 0) {
    pthread_mutex_lock(&s->lock);
    if (!s->ready) // BUG under spurious wakeups: `while` is required
      pthread_cond_wait(&s->cond, &s->lock);
    assert(s->ready);
    pthread_mutex_unlock(&s->lock);
    _exit(0);
  }
  pthread_mutex_lock(&s->lock);
  s->ready = 1;
  pthread_cond_signal(&s->cond);
  pthread_mutex_unlock(&s->lock);
  reap_children(1);
  return 0;
}
