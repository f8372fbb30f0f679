// A transfer between two balances under a robust process-shared mutex. P1 (the worker) journals
// the old balances, debits one and dies before it credits the other, still holding the mutex, as
// a process killed mid-update would. P0 (the auditor) locks the mutex and checks that the total
// is unchanged. When P1 dies holding the mutex, P0's lock returns EOWNERDEAD.
// Bug: the recovery path marks the mutex consistent and trusts the half-updated balances. It
// runs only when P1 locks first:
//   P1: lock, journal, a -= 10, exit (owner dies)
//   P0:                                           lock -> EOWNERDEAD, consistent, assert fails
// In the default order (P0 first) P0 audits before the transfer starts and all is well.
// expect: exit 1, assertion `s->a + s->b == 100`; fixed twin: robust_owner_dies_fixed.c
// (rolls the transfer back from the journal before marking the mutex consistent).
#include "ipc.h"

#include <assert.h>
#include <errno.h>

struct ledger {
  pthread_mutex_t lock;
  int a, b;
  int journaled; // the journal below holds the balances from before an unfinished transfer
  int oldA, oldB;
};

static void robust_mutex(pthread_mutex_t *m) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(m, &attr);
  pthread_mutexattr_destroy(&attr);
}

static void recover(struct ledger *s) {
#ifdef FIXED
  if (s->journaled) { // undo the unfinished transfer
    s->a = s->oldA;
    s->b = s->oldB;
    s->journaled = 0;
  }
#else
  (void)s; // BUG: the balances are taken as they are
#endif
}

int main(void) {
  struct ledger *s = shared_alloc(sizeof *s);
  robust_mutex(&s->lock);
  s->a = 60;
  s->b = 40;
  if (fork() == 0) {
    pthread_mutex_lock(&s->lock);
    s->oldA = s->a;
    s->oldB = s->b;
    s->journaled = 1;
    s->a -= 10;
    _exit(0); // dies mid-transfer, holding the mutex
  }
  int rc = pthread_mutex_lock(&s->lock);
  if (rc == EOWNERDEAD) {
    recover(s);
    rc = pthread_mutex_consistent(&s->lock);
  }
  assert(rc == 0);
  assert(s->a + s->b == 100);
  pthread_mutex_unlock(&s->lock);
  reap_children(1);
  return 0;
}
