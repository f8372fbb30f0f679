// Fixed twin of misuse_private_sem.c: the "missed" semaphore is process-shared (pshared=1).
// expect: exit 0, complete, no bug
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
  sem_init(&s->missed, 1, 0);
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
