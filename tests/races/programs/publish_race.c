/* Expected: data-race on "anonymous shared mapping+0x4": a child publishes `data` through a
 * plain `ready` flag; the parent reads the flag (and then the data) with nothing ordering its
 * reads after the child's writes. */
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
  s->ready = true;
}

int main(void) {
  s = sharedRegion(sizeof *s);
  forkWorkers(1, publish);
  if (s->ready)
    assert(s->data == 42);
  reapAll(1);
  return 0;
}
