/* flag_one_path: the parent forks a worker and a canceller, then waits with
 * `while (!atomic_load(&ready)) {}` for the worker's "ready". The worker sets ready only when it
 * was not cancelled: when the canceller's store runs before the worker's check, the worker exits
 * without setting the flag and the parent spins forever. Lockstep reports a livelock naming the
 * spinning process and the location:
 *   P0: fork, fork, load ready=0, (spin-blocked) ..................... spins alone: livelock
 *   P1:                                         load cancel=1, exit
 *   P2:                           store cancel=1
 * The default interleaving (the worker runs first) is fine. The fixed twin
 * (flag_one_path_fixed) sets ready on both paths (2 when cancelled). */
#include "common.h"

#include <stdatomic.h>

struct shared {
  atomic_int ready;
  atomic_int cancel;
};
static struct shared *s;

static void work(int i) {
  if (i == 0) { /* the worker */
    if (atomic_load(&s->cancel) == 0)
      atomic_store(&s->ready, 1);
#ifdef FIXED
    else
      atomic_store(&s->ready, 2);
#endif
  } else { /* the canceller */
    atomic_store(&s->cancel, 1);
  }
}

int main(void) {
  s = shared_region(sizeof *s);
  pid_t worker = fork();
  if (worker == 0) {
    work(0);
    _exit(0);
  }
  pid_t canceller = fork();
  if (canceller == 0) {
    work(1);
    _exit(0);
  }
  while (!atomic_load(&s->ready)) {
  }
  waitpid(worker, NULL, 0);
  waitpid(canceller, NULL, 0);
  return 0;
}
