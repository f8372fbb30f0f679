/* philosophers N [fixed]: N processes around a table, fork i between philosopher i and i+1, each
 * takes its left then its right fork once (deadlock when all hold their left fork); with "fixed"
 * the last one takes its right fork first (no deadlock).
 * Traces, deadlocking version, N=2: forks f0, f1; P0 takes f0,f1; P1 takes f1,f0. Either P0 eats
 * first (P0's lock f0 before P1's lock f1... all of P0 before P1 touches f1), P1 eats first, or
 * each holds its left fork: 3 traces, one a deadlock. Fixed, N=2: both take f0 first, so the
 * order of the two lock(f0) decides everything: 2 traces. In general the fixed version has one
 * trace per order of the dependent critical sections: N=3 fixed: 6 (3! orders of dinners, as
 * any two philosophers share a fork). */
#include "common.h"
#include <string.h>

struct shared {
  pthread_mutex_t fork[16];
};
static struct shared *s;
static int n, fixed;

static void work(int i) {
  int left = i, right = (i + 1) % n;
  if (fixed && i == n - 1) {
    int t = left;
    left = right;
    right = t;
  }
  pthread_mutex_lock(&s->fork[left]);
  pthread_mutex_lock(&s->fork[right]);
  pthread_mutex_unlock(&s->fork[right]);
  pthread_mutex_unlock(&s->fork[left]);
}

int main(int argc, char **argv) {
  n = argc > 1 ? atoi(argv[1]) : 2;
  fixed = argc > 2 && strcmp(argv[2], "fixed") == 0;
  s = shared_region(sizeof *s);
  for (int i = 0; i < n; ++i)
    shared_mutex(&s->fork[i]);
  run_workers(n, work);
  return 0;
}
