/* Race-detector benchmark, shared-memory-heavy: two forked workers each fill, hash and sort
 * their own half of a 16 MiB MAP_SHARED array (and of as much scratch space) (every access tracked by lockstep's shadow
 * memory; the halves are disjoint and the parent reads them after reaping the workers, so the
 * program is race-free). */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

enum { kCount = 1 << 22, kHalf = kCount / 2 };

static void work(uint32_t *a, uint32_t *tmp, size_t n, uint32_t seed) {
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
  a[0] ^= (uint32_t)hash;
}

int main(void) {
  uint32_t *region = mmap(NULL, 2 * kCount * sizeof(uint32_t), PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED)
    return 2;
  for (int w = 0; w < 2; ++w) {
    if (fork() == 0) {
      work(region + w * kHalf, region + kCount + w * kHalf, kHalf, 7U + w);
      _exit(0);
    }
  }
  while (wait(NULL) > 0) {
  }
  printf("%u %u\n", region[0], region[kHalf]);
  return 0;
}
