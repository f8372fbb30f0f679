// Fixed twin of misuse_relock.c: refill_locked() expects the caller to hold the lock.
// expect: exit 0, complete, no bug
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t lock;
  int queued;
};

static void refill_locked(struct state *s) { s->queued += 1; }

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
  pid_t child = fork();
  if (child == 0) {
    pthread_mutex_lock(&s->lock);
    if (s->queued == 0)
      refill_locked(s);
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
