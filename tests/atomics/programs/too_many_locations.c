/* too_many_locations: stores to 3000 distinct atomic locations in MAP_SHARED memory. Each one a
 * scheduled location takes an entry of the object table (kMaxObjects, 2048 objects of all
 * families): the run stops with an `unsupported` verdict that says so, instead of misbehaving. */
#include "common.h"

#include <stdatomic.h>

#define COUNT 3000

int main(void) {
  atomic_int *cells = shared_region(COUNT * sizeof *cells);
  for (int i = 0; i < COUNT; ++i)
    atomic_store(&cells[i], i);
  return 0;
}
