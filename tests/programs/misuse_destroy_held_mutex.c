// A child does its work under a lock and signals "done" on a semaphore; the parent waits for
// "done" and then destroys the lock.
// Bug: misuse when the parent runs between the child's sem_post and its unlock: the child posts
// while still holding the lock, so the parent destroys a mutex P1 holds.
// expect: exit 1, misuse, message "destroys mutex#N while P1 holds it"; fixed twin
// misuse_destroy_held_mutex_fixed.c: the child unlocks before it signals "done".
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t lock;
  sem_t done;
  int work;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
  sem_init(&s->done, 1, 0);
  pid_t child = fork();
  if (child == 0) {
    pthread_mutex_lock(&s->lock);
    ++s->work;
#ifdef FIXED
    pthread_mutex_unlock(&s->lock);
    sem_post(&s->done);
#else
    sem_post(&s->done); // BUG: signals before unlocking
    pthread_mutex_unlock(&s->lock);
#endif
    _exit(0);
  }
  sem_wait(&s->done);
  pthread_mutex_destroy(&s->lock);
  waitpid(child, NULL, 0);
  return 0;
}
