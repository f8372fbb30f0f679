/* Expected: clean, complete. heap_lost_update with the increment under a mutex. */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *argument) {
  int *counter = argument;
  pthread_mutex_lock(&lock);
  (*counter)++;
  pthread_mutex_unlock(&lock);
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
