/* lastzero N: an array of N+1 atomic ints in MAP_SHARED memory, zero at first. Process 0 (the
 * reader) scans from the end for the last zero: for (i = N; array[i] != 0; i--); process j
 * (1..N) writes array[j] = array[j-1] + 1 (Abdulla et al., "Optimal dynamic partial order
 * reduction", POPL 2014). Traces: 64 for N = 5 (the literature; GenMC and Nidhugg agree, see
 * FIELD-NOTES). Small N by hand, with R_i the reader's load of array[i], W_j writer j's store and
 * L_j its load of array[j-1] (loads of array[0] conflict with nothing):
 *   N = 1: R_1 before or after W_1: 2 traces.
 *   N = 2: R_2 before W_2: 2 traces (L_2 before or after W_1). R_2 after W_2: R_1 before W_1
 *          forces L_2 before W_1 (L_2 < W_2 < R_2 < R_1 < W_1): 1 trace; R_1 after W_1: L_2
 *          before or after W_1: 2 traces. Total 5. */
#include "common.h"

#include <stdatomic.h>

struct shared {
  atomic_int array[32];
};
static struct shared *s;
static int n;

static void work(int j) {
  if (j == 0) {
    for (int i = n; atomic_load(&s->array[i]) != 0; --i) {
    }
  } else {
    atomic_store(&s->array[j], atomic_load(&s->array[j - 1]) + 1);
  }
}

int main(int argc, char **argv) {
  n = argc > 1 ? atoi(argv[1]) : 2;
  if (n < 1 || n > 31)
    return 2;
  s = shared_region(sizeof *s);
  run_workers(n + 1, work);
  return 0;
}
