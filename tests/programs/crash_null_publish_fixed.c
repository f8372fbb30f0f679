// Fixed twin of crash_null_publish.c: the child waits on a process-shared semaphore that the
// parent posts after publishing.
// expect: exit 0, complete, no bug
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct config {
  int workers;
};

struct state {
  pthread_mutex_t lock;
  sem_t published_sem;
  struct config *published;
  struct config storage;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
  sem_init(&s->published_sem, 1, 0);
  pid_t child = fork();
  if (child == 0) {
    sem_wait(&s->published_sem);
    pthread_mutex_lock(&s->lock);
    struct config *c = s->published;
    pthread_mutex_unlock(&s->lock);
    _exit(c->workers == 4 ? 0 : 5);
  }
  pthread_mutex_lock(&s->lock);
  s->storage.workers = 4;
  s->published = &s->storage;
  pthread_mutex_unlock(&s->lock);
  sem_post(&s->published_sem);
  waitpid(child, NULL, 0);
  return 0;
}
