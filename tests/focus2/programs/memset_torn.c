/* A half-cleared pair seen under race focus (docs/races.md, "Memory intrinsics"): the parent
 * clears a pair that should stay equal with memset while a child reads both halves into `seen`.
 * The main search reports the races of the memset with the child's two reads (lines 20 and 21);
 * under focus on both halves the memset is cut at the focused granules: the child reads `a`
 * after it was cleared and `b` before, and the parent's assertion on what the child saw fails.
 * "fixed": the reads and the memset under a process-shared mutex. */
#include "focus_common.h"

struct Shared {
  pthread_mutex_t lock;
  struct Pair pair;
  struct Pair seen; /* written by the child only, read by the parent after wait */
};

static struct Shared *s;

static void look(int index) {
  (void)index;
  lockIfFixed(&s->lock);
  const long a = s->pair.a;
  const long b = s->pair.b;
  unlockIfFixed(&s->lock);
  s->seen.a = a;
  s->seen.b = b;
}

int main(int argc, char **argv) {
  parseFixed(argc, argv);
  s = sharedRegion(sizeof *s);
  sharedMutexInit(&s->lock);
  s->pair.a = 1;
  s->pair.b = 1;
  forkWorkers(1, look);
  lockIfFixed(&s->lock);
  memset(&s->pair, 0, sizeof s->pair);
  unlockIfFixed(&s->lock);
  reapAll(1);
  assert(s->seen.a == s->seen.b);
  return 0;
}
