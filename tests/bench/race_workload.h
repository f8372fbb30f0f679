/* The work of both race benchmarks (race_private.c, race_shared.c): fills n words with a linear
 * congruential sequence from `seed`, hashes them four times (FNV-1a over words), then merge-sorts
 * them bottom-up through `tmp`, copying back after each pass. Returns the hash. */
#ifndef LOCKSTEP_TESTS_BENCH_RACE_WORKLOAD_H
#define LOCKSTEP_TESTS_BENCH_RACE_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

static uint64_t fillHashSort(uint32_t *a, uint32_t *tmp, size_t n, uint32_t seed) {
  uint32_t x = seed;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1664525U + 1013904223U;
    a[i] = x;
  }
  uint64_t hash = 1469598103934665603ULL;
  for (int pass = 0; pass < 4; ++pass)
    for (size_t i = 0; i < n; ++i)
      hash = (hash ^ a[i]) * 1099511628211ULL;
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
  return hash;
}

#endif
