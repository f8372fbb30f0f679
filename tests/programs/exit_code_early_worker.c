// A worker process takes a job from a shared queue under a lock and exits with status 3 ("no
// work") when the queue is empty. The parent enqueues the job after forking the worker.
// Bug: exit-code (P1 exits with 3) when the worker looks at the queue before the parent enqueued.
// expect: exit 1, exit-code, message names P1 and status 3; fixed twin:
// exit_code_early_worker_fixed.c
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t lock;
  int queued;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
  pid_t child = fork();
  if (child == 0) {
    pthread_mutex_lock(&s->lock);
    int job = s->queued > 0 ? s->queued-- : 0;
    pthread_mutex_unlock(&s->lock);
    _exit(job != 0 ? 0 : 3); // BUG: an empty queue is treated as an error
  }
  pthread_mutex_lock(&s->lock);
  s->queued = 1;
  pthread_mutex_unlock(&s->lock);
  waitpid(child, NULL, 0);
  return 0;
}
