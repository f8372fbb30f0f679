// Two processes each need both semaphores of a System V set (two resources, each a binary
// semaphore set to 1 with SETALL).
// Bug: each takes them with two separate semops, in opposite orders: deadlock when each got its
// first one.
//   P0: semop(sem0 -1) ........... semop(sem1 -1) |blocks|
//   P1:               semop(sem1 -1) ........... semop(sem0 -1) |blocks|
// The default order (P0 takes and releases both before P1 runs) is fine.
// expect: deadlock; fixed twin: sysv_two_locks_fixed.c (one semop takes both atomically, with
// SEM_UNDO so that the kernel would release them if a holder died).
#include "mq.h"

#include <sys/ipc.h>
#include <sys/sem.h>

union semun {
  int val;
  struct semid_ds *buf;
  unsigned short *array;
};

static void take_both(int set, int first) {
#ifdef FIXED
  (void)first;
  struct sembuf both[2] = {{0, -1, SEM_UNDO}, {1, -1, SEM_UNDO}};
  if (semop(set, both, 2) != 0)
    _exit(3);
#else
  struct sembuf one = {(unsigned short)first, -1, 0};
  struct sembuf other = {(unsigned short)(1 - first), -1, 0};
  if (semop(set, &one, 1) != 0 || semop(set, &other, 1) != 0) // BUG: two steps
    _exit(3);
#endif
}

static void release_both(int set) {
#ifdef FIXED
  struct sembuf both[2] = {{0, 1, SEM_UNDO}, {1, 1, SEM_UNDO}};
#else
  struct sembuf both[2] = {{0, 1, 0}, {1, 1, 0}};
#endif
  if (semop(set, both, 2) != 0)
    _exit(4);
}

int main(void) {
  int set = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
  if (set < 0)
    return 98;
  unsigned short ones[2] = {1, 1};
  union semun arg = {.array = ones};
  semctl(set, 0, SETALL, arg);
  if (fork() == 0) {
    take_both(set, 1);
    release_both(set);
    _exit(0);
  }
  take_both(set, 0);
  release_both(set);
  reap_children(1);
  if (semctl(set, 0, GETVAL) != 1 || semctl(set, 1, GETVAL) != 1)
    return 5;
  semctl(set, 0, IPC_RMID);
  return 0;
}
