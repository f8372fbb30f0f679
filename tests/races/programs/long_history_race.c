/* A race found after an agent's clock passed what a shadow cell holds (16 bits of time; see
 * runtime/src/race_history.h). The child releases 40000 times (sem_post on a semaphore of its
 * own), posts `synced`, releases 30000 times more, then writes s->value (line 33). The parent
 * waits for `synced`, which orders it after the child's first 40000 releases only, and writes
 * s->value (line 45): a race. When the child's first access to tracked memory comes, its time
 * (70001) does not fit a cell, so the runtime forgets the history and starts every clock again;
 * the child's write is recorded at its new time 1, which the parent's clock (cleared too) does not
 * cover. Recorded as 70001 mod 65536 instead, the write would look ordered before the parent's
 * (which acquired time 40001 through `synced`), and the race would be missed.
 * The fixed twin (FIXED) also reaps the child before writing. */
#include "race_common.h"

#include <semaphore.h>

struct Shared {
  sem_t synced;
  int value;
};

static void releaseTimes(sem_t *own, int times) {
  for (int i = 0; i < times; ++i)
    sem_post(own);
}

static void child(struct Shared *s) {
  sem_t own;
  sem_init(&own, 0, 0);
  releaseTimes(&own, 40000);
  sem_post(&s->synced);
  releaseTimes(&own, 30000);
  sem_destroy(&own);
  s->value = 1;
}

int main(void) {
  struct Shared *s = sharedRegion(sizeof *s);
  sem_init(&s->synced, 1, 0);
  const pid_t pid = fork();
  if (pid == 0) {
    child(s);
    _exit(0);
  }
  sem_wait(&s->synced);
#ifdef FIXED
  waitpid(pid, NULL, 0);
#endif
  s->value = 2;
#ifndef FIXED
  waitpid(pid, NULL, 0);
#endif
  return 0;
}
