/* A thread handle reused by a later thread: glibc gives a new thread the descriptor (and the
 * stack) of a joined one, so the pthread_t of the second thread equals the first's. Three rounds
 * of create / join, each thread incrementing a counter that main reads after the join. Correct:
 * each join orders its thread's increment before main's read. When a handle names the first
 * agent that ever had it, the second join is taken for a join of the first thread (already
 * joined: EINVAL), returns at once, and main's read is reported racing with the running
 * thread's increment. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static int gCounter;

static void *work(void *unused) {
  (void)unused;
  gCounter++;
  return NULL;
}

int main(void) {
  pthread_t first = 0;
  for (int i = 0; i < 3; ++i) {
    pthread_t t;
    if (pthread_create(&t, NULL, work, NULL) != 0)
      return 2;
    if (i == 0)
      first = t;
    else if (i == 1)
      assert(pthread_equal(t, first)); /* reused, or this program tests nothing */
    assert(pthread_join(t, NULL) == 0);
    assert(gCounter == i + 1);
  }
  puts("done");
  return 0;
}
