// Fixed twin of exit_code_early_worker.c: the worker waits on a process-shared semaphore that
// counts the queued jobs before it takes one.
// expect: exit 0, complete, no bug
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t lock;
  sem_t jobs;
  int queued;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
  sem_init(&s->jobs, 1, 0);
  pid_t child = fork();
  if (child == 0) {
    sem_wait(&s->jobs);
    pthread_mutex_lock(&s->lock);
    int job = s->queued > 0 ? s->queued-- : 0;
    pthread_mutex_unlock(&s->lock);
    _exit(job != 0 ? 0 : 3);
  }
  pthread_mutex_lock(&s->lock);
  s->queued = 1;
  pthread_mutex_unlock(&s->lock);
  sem_post(&s->jobs);
  waitpid(child, NULL, 0);
  return 0;
}
