/* Expected: data-race on "System V shared memory+0x4": a System V segment (shmget + shmat)
 * attached before fork is inherited by the child; both increment its counter with nothing
 * ordering them. The segment is not removed by the program: lockstep removes the segments an
 * execution created (shmctl IPC_RMID). Fixed twin sysv_race_fixed.c (clean, complete): the
 * parent increments only after reaping the child (exit -> wait), and removes the segment itself. */
#include "race_common.h"

#include <sys/ipc.h>
#include <sys/shm.h>

struct Segment {
  int header;
  int counter; /* at offset 0x4 */
};

int main(void) {
  const int id = shmget(IPC_PRIVATE, sizeof(struct Segment), IPC_CREAT | 0600);
  if (id < 0)
    return 2;
  struct Segment *s = (struct Segment *)shmat(id, NULL, 0);
  if (s == (void *)-1)
    return 2;
  const pid_t pid = fork();
  if (pid == 0) {
    s->counter++;
    _exit(0);
  }
#ifndef FIXED
  s->counter++; /* BUG: unordered with the child's increment */
#endif
  waitpid(pid, NULL, 0);
#ifdef FIXED
  s->counter++;
  assert(s->counter == 2);
#endif
  shmdt(s);
#ifdef FIXED
  shmctl(id, IPC_RMID, NULL);
#endif
  return 0;
}
