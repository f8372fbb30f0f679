/* spinlock_threads: the spin lock of spinlock_flag.c between two threads of one process, on an
 * atomic_flag in a global (private memory). The flag's first clear runs while the process has
 * one thread, so it is direct (no step); once the threads exist, the location is scheduled. The
 * steps and rules are those of spinlock_flag with create/join/thread exit in place of
 * fork/wait/exit and without the initial clear step, so DFS explores the same 64 executions
 * (tests/atomics/spinlock_flag_count.py), at most 12 steps each. Clean. */
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>

static atomic_flag lock = ATOMIC_FLAG_INIT;
static int counter;

static void *work(void *arg) {
  (void)arg;
  while (atomic_flag_test_and_set(&lock)) {
  }
  ++counter;
  atomic_flag_clear(&lock);
  return NULL;
}

int main(void) {
  atomic_flag_clear(&lock);
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], NULL, work, NULL);
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], NULL);
  assert(counter == 2);
  return 0;
}
