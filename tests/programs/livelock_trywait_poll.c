// A child polls a process-shared semaphore with sem_trywait until the parent posts it.
// Bug: livelock when the child polls before the post: under a scheduler that keeps running the
// poller it never stops (run with a small --max-steps). The default order (parent first) is fine.
// expect: exit 1, livelock, message names the step bound; fixed twin livelock_trywait_poll_fixed.c:
// the child blocks in sem_wait instead of polling.
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  sem_t *ready = shared_alloc(sizeof *ready);
  sem_init(ready, 1, 0);
  pid_t child = fork();
  if (child == 0) {
#ifdef FIXED
    sem_wait(ready);
#else
    while (sem_trywait(ready) != 0) // BUG: busy polling instead of blocking
      ;
#endif
    _exit(0);
  }
  sem_post(ready);
  waitpid(child, NULL, 0);
  return 0;
}
