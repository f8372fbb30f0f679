/* A supervisor stops a worker with SIGTERM while the worker moves money between two accounts in
 * shared memory, then audits the total. The worker's transfer is two stores around a slow step
 * (usleep, standing for I/O): when the signal lands between them, the money in flight is lost.
 *   P1 (worker): usleep, from -= 10, usleep ........................
 *   P0 (supervisor):                           kill(P1), waitpid, assert(total == 100): fails
 * In the first interleaving the supervisor kills the worker before its first transfer.
 * FIXED: the worker transfers under a process-shared mutex, which the supervisor takes before
 * it sends the signal, so the worker dies between transfers.
 * Expected verdict: assertion (FIXED: no bug). */
#include "../../ipc/programs/ipc.h"

#include <assert.h>
#include <signal.h>
#include <stdio.h>

struct accounts {
  pthread_mutex_t lock;
  int from, to;
};

static void transfer(struct accounts *s) {
#ifdef FIXED
  pthread_mutex_lock(&s->lock);
#endif
  s->from -= 10;
  usleep(100); /* the slow part of a transfer */
  s->to += 10;
#ifdef FIXED
  pthread_mutex_unlock(&s->lock);
#endif
}

int main(void) {
  struct accounts *s = shared_alloc(sizeof *s);
  shared_mutex(&s->lock);
  s->from = 100;
  s->to = 0;
  const pid_t worker = fork();
  if (worker == 0) {
    for (int i = 0; i < 2; ++i) {
      usleep(1000); /* waits for work */
      transfer(s);
    }
    _exit(0);
  }
#ifdef FIXED
  pthread_mutex_lock(&s->lock);
#endif
  kill(worker, SIGTERM);
  waitpid(worker, NULL, 0);
  assert(s->from + s->to == 100);
#ifdef FIXED
  pthread_mutex_unlock(&s->lock);
#endif
  printf("audit: %d + %d\n", s->from, s->to);
  return 0;
}
