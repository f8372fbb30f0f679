// Fixed twin of misuse_destroy_held_mutex.c: the child unlocks before it signals "done".
// expect: exit 0, complete, no bug
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
    pthread_mutex_unlock(&s->lock);
    sem_post(&s->done);
    _exit(0);
  }
  sem_wait(&s->done);
  pthread_mutex_destroy(&s->lock);
  waitpid(child, NULL, 0);
  return 0;
}
