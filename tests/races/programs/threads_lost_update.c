/* Expected: data-race on the global `counter` (private memory of a multi-threaded process: two
 * threads increment it without a lock), then, under race focus on that global, the lost update:
 * both threads load 0 before either stores, and main's assertion after joining fails. Fixed
 * twins: threads_race_fixed (a mutex), threads_lost_update_atomic (an atomic counter). */
#include <assert.h>
#include <pthread.h>

int counter;

static void *work(void *argument) {
  (void)argument;
  counter++;
  return NULL;
}

int main(void) {
  pthread_t a;
  pthread_t b;
  pthread_create(&a, NULL, work, NULL);
  pthread_create(&b, NULL, work, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert(counter == 2);
  return 0;
}
