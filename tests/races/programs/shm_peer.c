/* Not a test by itself: the second program of shm_race and shm_race_fixed. Maps the region
 * named by argv[1] (after a 1 MiB placeholder mapping, so that it sits at another address than
 * in the program that started it) and increments its counter. */
#include "shm_region.h"

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  void *placeholder = mmap(NULL, 1 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  struct ShmRegion *r = mapShmRegion(argv[1], 0);
  printf("peer maps the region at %p (placeholder %p)\n", (void *)r, placeholder);
  r->counter++;
  return 0;
}
