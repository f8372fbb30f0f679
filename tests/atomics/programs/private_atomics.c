/* private_atomics: atomics on private memory. While the process has one thread they are performed
 * directly (no step); once it starts a second thread, the same location becomes a scheduled
 * location, and the two threads' fetch_adds are explored in both orders. Clean: the final value
 * is always 1000 + 2, and exactly the two fetch_adds (plus the parent's load after the join)
 * appear as atomic steps. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

static atomic_int counter;

static void *add_one(void *arg) {
  (void)arg;
  atomic_fetch_add(&counter, 1);
  return NULL;
}

int main(void) {
  for (int i = 0; i < 1000; ++i) /* single-threaded: 1000 direct accesses, no steps */
    atomic_fetch_add(&counter, 1);
  pthread_t t;
  pthread_create(&t, NULL, add_one, NULL);
  atomic_fetch_add(&counter, 1);
  pthread_join(t, NULL);
  assert(atomic_load(&counter) == 1002);
  return 0;
}
