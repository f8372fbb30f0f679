// Two processes take two process-shared mutexes in opposite order.
// Lockstep finds: deadlock (P0 holds lock_a and waits for lock_b; P1 holds lock_b and waits for
// lock_a). Fixed twin: lock_order_fixed.c takes them in the same order.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
  pthread_mutex_t lock_a;
  pthread_mutex_t lock_b;
  int transfers;
};

static void init_shared_mutex(pthread_mutex_t *m) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(m, &attr);
  pthread_mutexattr_destroy(&attr);
}

static void transfer(pthread_mutex_t *first, pthread_mutex_t *second, int *transfers) {
  pthread_mutex_lock(first);
  pthread_mutex_lock(second);
  ++*transfers;
  pthread_mutex_unlock(second);
  pthread_mutex_unlock(first);
}

int main(void) {
  struct shared *s =
      mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (s == MAP_FAILED)
    return 1;
  init_shared_mutex(&s->lock_a);
  init_shared_mutex(&s->lock_b);
  s->transfers = 0;

  pid_t child = fork();
  if (child == 0) {
    transfer(&s->lock_b, &s->lock_a, &s->transfers); // BUG: opposite order
    _exit(0);
  }
  transfer(&s->lock_a, &s->lock_b, &s->transfers);
  waitpid(child, NULL, 0);
  printf("transfers: %d\n", s->transfers);
  return 0;
}
