/* A plain spin loop that also stores to a focused location every round (docs/races.md, "Spin
 * loops"): racy but correct under sequential consistency. The parent raises `alive` in every
 * round of its wait for `stop`; the child (running eagerly after the fork) reads `alive` and
 * raises `stop`. The main search reports the two races (alive: the parent's store and the
 * child's load; stop: the child's store and the parent's load); the focused search runs the
 * parent's loop as memory_store / memory_load steps. Its stores of `alive` after the first
 * write the value already there: they change nothing, so the loop is a spin until the child
 * stores `stop`, and the focused search is finite. "fixed": the flags are atomics (no race, no
 * focus). */
#include "focus_common.h"

#include <stdatomic.h>

struct Shared {
  _Alignas(8) int stop;
  _Alignas(8) int alive;
  atomic_int stopAtomic;
  atomic_int aliveAtomic;
};

static struct Shared *s;
static int gSeen; /* what the child read: private to it */

static void child(int index) {
  (void)index;
  if (!gFixed) {
    gSeen = s->alive;
    s->stop = 1;
  } else {
    gSeen = atomic_load(&s->aliveAtomic);
    atomic_store(&s->stopAtomic, 1);
  }
}

int main(int argc, char **argv) {
  parseFixed(argc, argv);
  s = sharedRegion(sizeof *s);
  forkWorkers(1, child);
  if (!gFixed) {
    do
      s->alive = 1;
    while (!s->stop);
  } else {
    do
      atomic_store(&s->aliveAtomic, 1);
    while (!atomic_load(&s->stopAtomic));
  }
  reapAll(1);
  return 0;
}
