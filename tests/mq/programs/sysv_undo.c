// A System V semaphore (value 1) guards a resource; P1 takes it with SEM_UNDO and exits without
// giving it back (as a process that crashes would). The kernel undoes the adjustment when P1
// exits, so P0's semop, which may wait for it, always gets the semaphore: clean, no deadlock.
// expect: exit 0 in every interleaving.
#include "mq.h"

#include <sys/ipc.h>
#include <sys/sem.h>

int main(void) {
  int set = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
  if (set < 0)
    return 98;
  if (semctl(set, 0, SETVAL, 1) != 0)
    return 97;
  if (fork() == 0) {
    struct sembuf take = {0, -1, SEM_UNDO};
    if (semop(set, &take, 1) != 0)
      _exit(2);
    _exit(0); // still holding it: the kernel gives it back
  }
  struct sembuf take = {0, -1, 0};
  if (semop(set, &take, 1) != 0)
    return 3;
  struct sembuf give = {0, 1, 0};
  if (semop(set, &give, 1) != 0)
    return 4;
  int status = 0;
  if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return 5;
  int value = semctl(set, 0, GETVAL);
  semctl(set, 0, IPC_RMID);
  return value == 1 ? 0 : 6;
}
