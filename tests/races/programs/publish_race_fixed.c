/* Expected: clean, complete. publish_race with the flag stored with release and loaded with
 * acquire: a parent that sees ready == true reads data after the child's write (release ->
 * acquire); a parent that sees false does not read data. */
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
  __atomic_store_n(&s->ready, true, __ATOMIC_RELEASE);
}

int main(void) {
  s = sharedRegion(sizeof *s);
  forkWorkers(1, publish);
  if (__atomic_load_n(&s->ready, __ATOMIC_ACQUIRE))
    assert(s->data == 42);
  reapAll(1);
  return 0;
}
