/* A lost update on a heap block that realloc moved (docs/races.md, "Naming a location"): main
 * grows a counter block with realloc (it moves: the old block is too small to grow in place
 * between the two blocks allocated after it) and two threads increment the counter at its new
 * address without a lock. The main search reports the race on the new address; under focus on
 * it (private memory named by its address, the same in every execution) the increments
 * interleave and main's assertion after joining fails. "fixed": the increments under a mutex. */
#include "focus_common.h"

static pthread_mutex_t gLock = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *argument) {
  long *counter = argument;
  lockIfFixed(&gLock);
  counter[1]++;
  unlockIfFixed(&gLock);
  return NULL;
}

int main(int argc, char **argv) {
  parseFixed(argc, argv);
  long *counter = calloc(1, sizeof *counter);
  void *after = malloc(64); /* keeps the block from growing in place */
  long *moved = realloc(counter, 4096);
  if (moved == NULL || moved == counter)
    return 2;
  moved[1] = 0;
  pthread_t a;
  pthread_t b;
  pthread_create(&a, NULL, work, moved);
  pthread_create(&b, NULL, work, moved);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert(moved[1] == 2);
  free(moved);
  free(after);
  return 0;
}
