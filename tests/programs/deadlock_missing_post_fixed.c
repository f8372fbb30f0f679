// Fixed twin of deadlock_missing_post.c: the child always answers, whether or not it found the
// job already published.
// expect: exit 0, complete, no bug
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
    s->job = -s->job;
    pthread_mutex_unlock(&s->lock);
    sem_post(&s->answered);
    _exit(0);
  }
  pthread_mutex_lock(&s->lock);
  s->job = 1;
  pthread_mutex_unlock(&s->lock);
  sem_wait(&s->answered);
  waitpid(child, NULL, 0);
  return 0;
}
