/* Expected: data-race on "anonymous shared mapping+0x4": a child publishes `data` through a
 * plain `ready` flag; the parent reads the flag (and then the data) with nothing ordering its
 * reads after the child's writes. Fixed twin publish_race_fixed.c (clean, complete): the flag
 * is stored with release and loaded with acquire: a parent that sees ready == true reads data
 * after the child's write (release -> acquire); a parent that sees false does not read data. */
#include "race_common.h"

#include <stdbool.h>

struct Shared {
  int data;
  bool ready;
};

static struct Shared *s;

static void publish(int index) {
  (void)index;
  s->data = 42;
#ifdef FIXED
  __atomic_store_n(&s->ready, true, __ATOMIC_RELEASE);
#else
  s->ready = true; /* BUG: a plain flag publishes nothing */
#endif
}

int main(void) {
  s = sharedRegion(sizeof *s);
  forkWorkers(1, publish);
#ifdef FIXED
  if (__atomic_load_n(&s->ready, __ATOMIC_ACQUIRE))
#else
  if (s->ready)
#endif
    assert(s->data == 42);
  reapAll(1);
  return 0;
}
