// A parent hands a job to a child and waits on a process-shared semaphore for the child's answer.
// The child answers only when it finds the job already published; when it checks first it finds
// nothing and leaves without posting.
// Bug: deadlock when the child's locked check runs before the parent publishes (the parent then
// waits in sem_wait forever). The default order (parent first) is fine.
// expect: exit 1, deadlock, message names the semaphore wait; fixed twin
// deadlock_missing_post_fixed.c: the child always answers, whether or not it found the job.
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t lock;
  sem_t answered;
  int job;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
  sem_init(&s->answered, 1, 0);
  pid_t child = fork();
  if (child == 0) {
    pthread_mutex_lock(&s->lock);
#ifdef FIXED
    s->job = -s->job;
    pthread_mutex_unlock(&s->lock);
    sem_post(&s->answered);
#else
    int found = s->job != 0;
    pthread_mutex_unlock(&s->lock);
    if (found)
      sem_post(&s->answered); // BUG: no answer when the job was not there yet
#endif
    _exit(0);
  }
  pthread_mutex_lock(&s->lock);
  s->job = 1;
  pthread_mutex_unlock(&s->lock);
  sem_wait(&s->answered);
  waitpid(child, NULL, 0);
  return 0;
}
