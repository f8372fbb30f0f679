/* Expected: data races on "anonymous shared mapping+0x0" and "+0x8": a child updates a pair that
 * should stay equal with two plain stores while the parent copies it with memcpy; then, under race
 * focus on both halves, the torn read: the copy reads `a` before the child's update and `b` after
 * it, and the parent's assertion fails. The copy is a memory intrinsic: under focus it is cut at
 * the focused granules, one step per granule. Fixed twin: memcpy_torn_read_fixed. */
#include "race_common.h"

#include <string.h>

struct Pair {
  long a;
  long b;
};

struct Shared {
  struct Pair pair;
};

static struct Shared *s;

static void update(int index) {
  (void)index;
  s->pair.a = 1;
  s->pair.b = 1;
}

int main(void) {
  s = sharedRegion(sizeof *s);
  forkWorkers(1, update);
  struct Pair copy;
  memcpy(&copy, &s->pair, sizeof copy);
  assert(copy.a == copy.b);
  reapAll(1);
  return 0;
}
