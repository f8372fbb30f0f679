// A child takes a token from a process-shared semaphore the parent posts; when there is no token
// yet it reports the miss by posting a "missed" semaphore, which lives in the shared mapping but
// was initialised with pshared=0 by the parent.
// Bug: misuse when the child finds no token (runs before the parent's post): it posts a
// process-private semaphore from another process. The default order (parent first) is fine.
// expect: exit 1, misuse, message "initialised process-private by P0"; fixed twin
// misuse_private_sem_fixed.c: the "missed" semaphore is process-shared (pshared=1).
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct state {
  sem_t tokens;
  sem_t missed;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  sem_init(&s->tokens, 1, 0);
#ifdef FIXED
  sem_init(&s->missed, 1, 0);
#else
  sem_init(&s->missed, 0, 0); // BUG: should be pshared=1
#endif
  pid_t child = fork();
  if (child == 0) {
    if (sem_trywait(&s->tokens) != 0)
      sem_post(&s->missed);
    _exit(0);
  }
  sem_post(&s->tokens);
  waitpid(child, NULL, 0);
  return 0;
}
