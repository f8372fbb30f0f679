// A worker process takes a job from a shared queue under a lock and exits with status 3 ("no
// work") when the queue is empty. The parent enqueues the job after forking the worker.
// Bug: exit-code (P1 exits with 3) when the worker looks at the queue before the parent enqueued.
// expect: exit 1, exit-code, message names P1 and status 3; fixed twin
// exit_code_early_worker_fixed.c: the worker first waits on a semaphore that counts queued jobs.
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t lock;
#ifdef FIXED
  sem_t jobs;
#endif
  int queued;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
#ifdef FIXED
  sem_init(&s->jobs, 1, 0);
#endif
  pid_t child = fork();
  if (child == 0) {
#ifdef FIXED
    sem_wait(&s->jobs);
#else
    // BUG: nothing makes the worker wait until a job is queued
#endif
    pthread_mutex_lock(&s->lock);
    int job = s->queued > 0 ? s->queued-- : 0;
    pthread_mutex_unlock(&s->lock);
    _exit(job != 0 ? 0 : 3); // an empty queue is treated as an error
  }
  pthread_mutex_lock(&s->lock);
  s->queued = 1;
  pthread_mutex_unlock(&s->lock);
#ifdef FIXED
  sem_post(&s->jobs);
#endif
  waitpid(child, NULL, 0);
  return 0;
}
