/* A torn read by memmove under race focus (docs/races.md, "Memory intrinsics"): a child updates
 * a pair that should stay equal with two plain stores while the parent copies it out of the
 * shared region with memmove (ranges that do not overlap: under focus the copy is cut at the
 * focused granules, as memcpy is). The main search reports the races of the copy with the
 * stores of lines 20 and 21 (two pairs of code locations, one per half); under focus on both
 * halves the copy reads `a` before the update and `b` after it and the parent's
 * assertion fails. "fixed": the update and the copy under a process-shared mutex. */
#include "focus_common.h"

struct Shared {
  pthread_mutex_t lock;
  struct Pair pair;
};

static struct Shared *s;

static void update(int index) {
  (void)index;
  lockIfFixed(&s->lock);
  s->pair.a = 1;
  s->pair.b = 1;
  unlockIfFixed(&s->lock);
}

int main(int argc, char **argv) {
  parseFixed(argc, argv);
  s = sharedRegion(sizeof *s);
  sharedMutexInit(&s->lock);
  forkWorkers(1, update);
  struct Pair copy;
  lockIfFixed(&s->lock);
  memmove(&copy, &s->pair, sizeof copy);
  unlockIfFixed(&s->lock);
  assert(copy.a == copy.b);
  reapAll(1);
  return 0;
}
