/* Expected: clean, complete. sysv_race, but the parent increments only after reaping the child
 * (exit -> wait), and removes the segment itself. */
#include "race_common.h"

#include <sys/ipc.h>
#include <sys/shm.h>

struct Segment {
  int header;
  int counter;
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
  waitpid(pid, NULL, 0);
  s->counter++;
  assert(s->counter == 2);
  shmdt(s);
  shmctl(id, IPC_RMID, NULL);
  return 0;
}
