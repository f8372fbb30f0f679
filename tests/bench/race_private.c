/* Race-detector benchmark, private-memory-heavy: one process hashes and merge-sorts 16 MiB of
 * its own heap (every access instrumented under lockstep-cc, none tracked: a single-threaded
 * process's private memory cannot race). Prints a checksum so nothing is optimised away. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { kCount = 1 << 22 }; /* 16 MiB of uint32_t */

static void mergeSort(uint32_t *a, uint32_t *tmp, size_t n) {
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n;
      size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi)
        tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
      while (i < mid)
        tmp[k++] = a[i++];
      while (j < hi)
        tmp[k++] = a[j++];
    }
    for (size_t i = 0; i < n; ++i)
      a[i] = tmp[i];
  }
}

int main(void) {
  uint32_t *a = malloc(kCount * sizeof *a);
  uint32_t *tmp = malloc(kCount * sizeof *tmp);
  uint32_t x = 12345;
  for (size_t i = 0; i < kCount; ++i) {
    x = x * 1664525U + 1013904223U;
    a[i] = x;
  }
  uint64_t hash = 1469598103934665603ULL;
  for (int pass = 0; pass < 4; ++pass)
    for (size_t i = 0; i < kCount; ++i)
      hash = (hash ^ a[i]) * 1099511628211ULL;
  mergeSort(a, tmp, kCount);
  printf("%llu %u\n", (unsigned long long)hash, a[kCount / 2]);
  free(a);
  free(tmp);
  return 0;
}
