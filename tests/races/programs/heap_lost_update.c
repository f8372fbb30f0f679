/* Expected: data-race on a heap block (private memory outside any module, named by its address)
 * that two threads increment without a lock, then, under race focus on it, the lost update: main's
 * assertion after joining fails. Fixed twin: heap_lost_update_fixed (a mutex). */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

static void *work(void *argument) {
  int *counter = argument;
  (*counter)++;
  return NULL;
}

int main(void) {
  int *counter = calloc(1, sizeof *counter);
  if (counter == NULL)
    return 2;
  pthread_t a;
  pthread_t b;
  pthread_create(&a, NULL, work, counter);
  pthread_create(&b, NULL, work, counter);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert(*counter == 2);
  free(counter);
  return 0;
}
