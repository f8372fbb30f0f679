// Fixed twin of hang_spin_flag.c: the child waits on a process-shared semaphore that the parent
// posts, instead of spinning on a plain flag.
// expect: exit 0, complete, no bug
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t lock;
  sem_t ready;
  int registered;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
  sem_init(&s->ready, 1, 0);
  pid_t child = fork();
  if (child == 0) {
    pthread_mutex_lock(&s->lock);
    int early = !s->registered;
    pthread_mutex_unlock(&s->lock);
    if (early)
      sem_wait(&s->ready);
    _exit(0);
  }
  pthread_mutex_lock(&s->lock);
  s->registered = 1;
  pthread_mutex_unlock(&s->lock);
  sem_post(&s->ready);
  waitpid(child, NULL, 0);
  return 0;
}
