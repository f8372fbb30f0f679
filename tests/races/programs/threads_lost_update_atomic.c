/* Expected: clean, complete. threads_lost_update with an atomic counter: the increments are
 * read-modify-writes, scheduled and never lost. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

atomic_int counter;

static void *work(void *argument) {
  (void)argument;
  atomic_fetch_add(&counter, 1);
  return NULL;
}

int main(void) {
  pthread_t a;
  pthread_t b;
  pthread_create(&a, NULL, work, NULL);
  pthread_create(&b, NULL, work, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert(atomic_load(&counter) == 2);
  return 0;
}
