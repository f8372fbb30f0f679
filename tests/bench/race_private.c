/* Race-detector benchmark, private-memory-heavy: one process hashes and merge-sorts 16 MiB of
 * its own heap (every access instrumented under lockstep-cc, none tracked: a single-threaded
 * process's private memory cannot race). Prints a checksum so nothing is optimised away. */
#include "race_workload.h"

#include <stdio.h>
#include <stdlib.h>

enum { kCount = 1 << 22 }; /* 16 MiB of uint32_t */

int main(void) {
  uint32_t *a = malloc(kCount * sizeof *a);
  uint32_t *tmp = malloc(kCount * sizeof *tmp);
  if (a == NULL || tmp == NULL)
    return 2;
  const uint64_t hash = fillHashSort(a, tmp, kCount, 12345U);
  printf("%llu %u\n", (unsigned long long)hash, a[kCount / 2]);
  free(a);
  free(tmp);
  return 0;
}
