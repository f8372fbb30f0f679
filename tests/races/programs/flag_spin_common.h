/* The shared layout of the flag_spin programs: a datum and a plain `ready` flag, each in its own
 * 8-byte granule, in a MAP_SHARED region (race_common.h). */
#ifndef LOCKSTEP_TESTS_RACES_FLAG_SPIN_COMMON_H
#define LOCKSTEP_TESTS_RACES_FLAG_SPIN_COMMON_H

#include "race_common.h"

struct Shared {
  _Alignas(8) int data;
  _Alignas(8) int ready;
};

static struct Shared *s;

/* The parent waits for the flag in a plain spin loop, then reads the datum. (A process runs until
 * its first visible operation when it starts, so a child that spun before its first visible
 * operation would spin before the parent could publish: a hang, whatever the schedule.) */
static void consume(void) {
  while (!s->ready) {
  }
  assert(s->data == 42);
}

#endif
