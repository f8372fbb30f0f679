// Fixed twin of livelock_trywait_poll.c: the child blocks in sem_wait instead of polling.
// expect: exit 0, complete, no bug
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  sem_t *ready = shared_alloc(sizeof *ready);
  sem_init(ready, 1, 0);
  pid_t child = fork();
  if (child == 0) {
    sem_wait(ready);
    _exit(0);
  }
  sem_post(ready);
  waitpid(child, NULL, 0);
  return 0;
}
