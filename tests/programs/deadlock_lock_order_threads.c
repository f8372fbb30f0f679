// Two threads of one process move money between two accounts, each taking the two account locks
// in its own order (source first).
// Bug: deadlock when each thread takes its first lock before the other takes its second.
// expect: exit 1, deadlock, message names the wait-for cycle; fixed twin
// deadlock_lock_order_threads_fixed.c: both threads take the lower-numbered lock first.
#include <pthread.h>

static pthread_mutex_t locks[2] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
static int balance[2] = {100, 100};

static void *transfer(void *arg) {
  int from = arg != NULL;
  int to = 1 - from;
#ifdef FIXED
  pthread_mutex_lock(&locks[0]);
  pthread_mutex_lock(&locks[1]);
#else
  pthread_mutex_lock(&locks[from]); // BUG: lock order depends on the direction
  pthread_mutex_lock(&locks[to]);
#endif
  balance[from] -= 10;
  balance[to] += 10;
#ifdef FIXED
  pthread_mutex_unlock(&locks[1]);
  pthread_mutex_unlock(&locks[0]);
#else
  pthread_mutex_unlock(&locks[to]);
  pthread_mutex_unlock(&locks[from]);
#endif
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, transfer, (void *)1);
  transfer(NULL);
  pthread_join(t, NULL);
  return balance[0] + balance[1] == 200 ? 0 : 1;
}
