// Fixed twin of lock_order_deadlock.c: both processes take the locks in the same order.
// Lockstep finds: nothing (search complete).
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
    transfer(&s->lock_a, &s->lock_b, &s->transfers); // same order as the parent
    _exit(0);
  }
  transfer(&s->lock_a, &s->lock_b, &s->transfers);
  waitpid(child, NULL, 0);
  printf("transfers: %d\n", s->transfers);
  return 0;
}
