/* Race-detector benchmark, shared-memory-heavy: two forked workers each fill, hash and sort
 * their own half of a 16 MiB MAP_SHARED array, with as much shared scratch space (every access
 * tracked by lockstep's shadow memory; the halves are disjoint and the parent reads them after
 * reaping the workers, so the program is race-free). */
#include "race_workload.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

enum { kCount = 1 << 22, kHalf = kCount / 2 };

static void work(uint32_t *a, uint32_t *tmp, size_t n, uint32_t seed) {
  a[0] ^= (uint32_t)fillHashSort(a, tmp, n, seed);
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
