// Fixed twin of misuse_destroy_sem_waiters.c: the parent always releases the backup worker and
// destroys the semaphore only after both workers ended.
// expect: exit 0, complete, no bug
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t lock;
  sem_t go;
  int claimed;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
  sem_init(&s->go, 1, 0);
  pid_t fast = fork();
  if (fast == 0) {
    pthread_mutex_lock(&s->lock);
    s->claimed = 1;
    pthread_mutex_unlock(&s->lock);
    _exit(0);
  }
  pid_t backup = fork();
  if (backup == 0) {
    sem_wait(&s->go);
    _exit(0);
  }
  pthread_mutex_lock(&s->lock);
  int claimed = s->claimed;
  pthread_mutex_unlock(&s->lock);
  (void)claimed;
  sem_post(&s->go);
  waitpid(fast, NULL, 0);
  waitpid(backup, NULL, 0);
  sem_destroy(&s->go);
  return 0;
}
