// A child takes a job from a shared queue under a (normal) lock; when the queue is empty it calls
// refill(), which takes the same lock again.
// Bug: misuse (self-deadlock of a normal mutex) when the child finds the queue empty, that is when
// it runs before the parent enqueued. The default order (parent first) is fine.
// expect: exit 1, misuse, message "locks mutex#N, which it already holds"; fixed twin
// misuse_relock_fixed.c: refill() expects the caller to hold the lock.
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t lock;
  int queued;
};

static void refill(struct state *s) {
#ifdef FIXED
  s->queued += 1; // the caller holds the lock
#else
  pthread_mutex_lock(&s->lock); // BUG: the caller already holds the lock
  s->queued += 1;
  pthread_mutex_unlock(&s->lock);
#endif
}

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
  pid_t child = fork();
  if (child == 0) {
    pthread_mutex_lock(&s->lock);
    if (s->queued == 0)
      refill(s);
    --s->queued;
    pthread_mutex_unlock(&s->lock);
    _exit(0);
  }
  pthread_mutex_lock(&s->lock);
  s->queued += 1;
  pthread_mutex_unlock(&s->lock);
  waitpid(child, NULL, 0);
  return 0;
}
