/* counter N K: N processes each do K increments of a shared counter under one process-shared
 * mutex.
 * Traces: only the order of the critical sections matters (lock/unlock of one mutex are the only
 * dependent operations; fork precedes its child, each wait follows its child's exit, and waits in
 * fork order observe no other exit), and every sequence of NK critical sections with K of each
 * process is possible: (NK)!/(K!)^N traces (2x1: 2, 2x2: 6, 3x1: 6, 3x2: 90, 2x3: 20). */
#include "common.h"

struct shared {
  pthread_mutex_t lock;
  int counter;
};
static struct shared *s;
static int k;

static void work(int i) {
  (void)i;
  for (int j = 0; j < k; ++j) {
    pthread_mutex_lock(&s->lock);
    ++s->counter;
    pthread_mutex_unlock(&s->lock);
  }
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 2;
  k = argc > 2 ? atoi(argv[2]) : 1;
  s = shared_region(sizeof *s);
  shared_mutex(&s->lock);
  run_workers(n, work);
  return s->counter == n * k ? 0 : 1;
}
