/* Two processes move money between two accounts in shared memory, each account guarded by a
 * process-shared pthread spin lock. Each transfer locks its source account first, then its
 * destination: P1 transfers 0 -> 1 while P2 transfers 1 -> 0, and when each takes its first lock
 * before the other's second, both spin forever.
 *   P1: lock(0) ............ lock(1): waits for P2
 *   P2:          lock(1) ... lock(0): waits for P1
 * In the first interleaving P1 finishes its transfer before P2 starts.
 * FIXED: every transfer locks the lower-numbered account first.
 * Expected verdict: deadlock (FIXED: no bug). */
#include "ipc.h"

#include <assert.h>

struct bank {
  pthread_spinlock_t lock[2];
  int balance[2];
};

static void transfer(struct bank *b, int from, int to, int amount) {
  int first = from, second = to;
#ifdef FIXED
  if (first > second) {
    first = to;
    second = from;
  }
#endif
  pthread_spin_lock(&b->lock[first]);
  pthread_spin_lock(&b->lock[second]);
  b->balance[from] -= amount;
  b->balance[to] += amount;
  pthread_spin_unlock(&b->lock[second]);
  pthread_spin_unlock(&b->lock[first]);
}

int main(void) {
  struct bank *b = shared_alloc(sizeof *b);
  for (int i = 0; i < 2; ++i) {
    pthread_spin_init(&b->lock[i], PTHREAD_PROCESS_SHARED);
    b->balance[i] = 50;
  }
  for (int p = 0; p < 2; ++p) {
    if (fork() == 0) {
      transfer(b, p, 1 - p, 10);
      _exit(0);
    }
  }
  reap_children(2);
  assert(b->balance[0] + b->balance[1] == 100);
  return 0;
}
