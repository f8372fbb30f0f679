/* Expected: data-race on the global `counter`: two threads of one process increment it without
 * a lock. Private memory is tracked while the process has more than one thread. */
#include <pthread.h>
#include <stdio.h>

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
  printf("counter = %d\n", counter);
  return 0;
}
