// A child waits for the parent's "ready" flag. If the parent has not registered yet when the
// child looks (under the lock), the child busy-waits on a plain shared flag.
// Bug: hang when the child looks first: it spins without a visible operation, so the parent never
// gets to set the flag (run with --step-timeout 1). The default order (parent first) is fine.
// argv[1] (optional): a file to which every process appends its pid (for the hygiene tests).
// expect: exit 1, hang; fixed twin hang_spin_flag_fixed.c: the child waits on a process-shared
// semaphore that the parent posts, instead of spinning on a plain flag.
#include "shared.h"

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t lock;
  int registered;
#ifdef FIXED
  sem_t ready;
#else
  volatile int ready;
#endif
};

static void record_pid(const char *path) {
  if (path == NULL)
    return;
  FILE *f = fopen(path, "a");
  if (f != NULL) {
    fprintf(f, "%d\n", (int)getpid());
    fclose(f);
  }
}

int main(int argc, char **argv) {
  const char *pids = argc > 1 ? argv[1] : NULL;
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
#ifdef FIXED
  sem_init(&s->ready, 1, 0);
#endif
  record_pid(pids);
  pid_t child = fork();
  if (child == 0) {
    record_pid(pids);
    pthread_mutex_lock(&s->lock);
    int early = !s->registered;
    pthread_mutex_unlock(&s->lock);
    if (early) {
#ifdef FIXED
      sem_wait(&s->ready);
#else
      while (!s->ready) // BUG: spins; nothing here lets the parent run
        ;
#endif
    }
    _exit(0);
  }
  pthread_mutex_lock(&s->lock);
  s->registered = 1;
  pthread_mutex_unlock(&s->lock);
#ifdef FIXED
  sem_post(&s->ready);
#else
  s->ready = 1;
#endif
  waitpid(child, NULL, 0);
  return 0;
}
