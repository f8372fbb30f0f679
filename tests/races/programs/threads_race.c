/* Expected: data-race on the global `counter`: two threads of one process increment it without
 * a lock. Private memory is tracked while the process has more than one thread. Fixed twin
 * threads_race_fixed.c (clean, complete): the increment is under a mutex; main reads the counter
 * after joining both threads (exit -> join). */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

int counter;
#ifdef FIXED
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
#endif

static void *work(void *argument) {
  (void)argument;
#ifdef FIXED
  pthread_mutex_lock(&lock);
  counter++;
  pthread_mutex_unlock(&lock);
#else
  counter++; /* BUG: no lock */
#endif
  return NULL;
}

int main(void) {
  pthread_t a;
  pthread_t b;
  pthread_create(&a, NULL, work, NULL);
  pthread_create(&b, NULL, work, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
#ifdef FIXED
  assert(counter == 2);
#else
  printf("counter = %d\n", counter);
#endif
  return 0;
}
