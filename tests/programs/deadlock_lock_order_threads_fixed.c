// Fixed twin of deadlock_lock_order_threads.c: both threads take the lower-numbered lock first.
// expect: exit 0, complete, no bug
#include <pthread.h>

static pthread_mutex_t locks[2] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
static int balance[2] = {100, 100};

static void *transfer(void *arg) {
  int from = arg != NULL;
  int to = 1 - from;
  pthread_mutex_lock(&locks[0]);
  pthread_mutex_lock(&locks[1]);
  balance[from] -= 10;
  balance[to] += 10;
  pthread_mutex_unlock(&locks[1]);
  pthread_mutex_unlock(&locks[0]);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, transfer, (void *)1);
  transfer(NULL);
  pthread_join(t, NULL);
  return balance[0] + balance[1] == 200 ? 0 : 1;
}
