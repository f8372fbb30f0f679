// A worker pool over a POSIX message queue of two slots: P0 submits two jobs, then one shutdown
// message per worker; two workers (P1, P2) process jobs until they receive a shutdown.
// Bug: the shutdown messages are sent with a higher priority than the jobs, so a shutdown
// overtakes a job still queued and both workers may exit with that job unprocessed:
//   P0: job1 job2 |full| ......... stop(prio 9) ......... stop(prio 9) ... assert(done == 2)
//   P1:              take job1, work ............................ take stop, exit
//   P2:                                  take stop, exit
// (the queue then holds job2 behind the second stop, which P1 takes first). The default order
// (P1 drains both jobs before P0 can send a stop) is fine.
// expect: exit 1, assertion `s->done == 2`; fixed twin: mq_pool_fixed.c (shutdowns sent with
// the jobs' priority: a queue delivers equal priorities in order, so every job comes first).
#include "mq.h"

#include <assert.h>
#include <string.h>

#define WORKERS 2
#define JOBS 2

struct state {
  int done;
};

#ifdef FIXED
#define STOP_PRIORITY 0
#else
#define STOP_PRIORITY 9 // BUG: overtakes the jobs still queued
#endif

static void worker(mqd_t q, struct state *s) {
  char message[16];
  for (;;) {
    if (mq_receive(q, message, sizeof message, NULL) < 0)
      _exit(2);
    if (strcmp(message, "stop") == 0)
      _exit(0);
    __atomic_add_fetch(&s->done, 1, __ATOMIC_SEQ_CST); // the job's work
  }
}

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  char name[64];
  mqd_t q = create_queue(name, sizeof name, "pool", 2, 16, 0);
  for (int i = 0; i < WORKERS; ++i) {
    if (fork() == 0)
      worker(q, s);
  }
  for (int i = 0; i < JOBS; ++i)
    mq_send(q, "job", 4, 0);
  for (int i = 0; i < WORKERS; ++i)
    mq_send(q, "stop", 5, STOP_PRIORITY);
  reap_children(WORKERS);
  mq_close(q);
  mq_unlink(name);
  assert(s->done == JOBS);
  return 0;
}
