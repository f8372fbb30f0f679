// A job is raced by a fast worker (P1), which claims it under a lock, and a backup worker (P2),
// which waits on a "go" semaphore. The parent posts "go" when nobody claimed the job, and tears
// the semaphore down when the fast worker already did.
// Bug: misuse when the fast worker claims first: the parent destroys "go" while P2 waits on it.
// expect: exit 1, misuse, message "destroys semaphore#N while P2 waits on it"; fixed twin
// misuse_destroy_sem_waiters_fixed.c: the parent always releases the backup worker and destroys
// the semaphore only after both workers ended.
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
#ifdef FIXED
  (void)claimed;
  sem_post(&s->go);
#else
  if (claimed)
    sem_destroy(&s->go); // BUG: the backup worker still waits on it
  else
    sem_post(&s->go);
#endif
  waitpid(fast, NULL, 0);
  waitpid(backup, NULL, 0);
#ifdef FIXED
  sem_destroy(&s->go);
#endif
  return 0;
}
