// Fixed twin of account_check_then_act.c: the check and the withdrawal happen under one lock.
// Lockstep finds: nothing (search complete).
#include <assert.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct account {
  pthread_mutex_t lock;
  int balance;
};

static bool withdraw(struct account *a, int amount) {
  pthread_mutex_lock(&a->lock);
  bool enough = a->balance >= amount;
  if (enough)
    a->balance -= amount;
  assert(a->balance >= 0);
  pthread_mutex_unlock(&a->lock);
  return enough;
}

int main(void) {
  struct account *a =
      mmap(NULL, sizeof *a, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (a == MAP_FAILED)
    return 1;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(&a->lock, &attr);
  a->balance = 100;

  pid_t child = fork();
  if (child == 0) {
    withdraw(a, 80);
    _exit(0);
  }
  withdraw(a, 50);
  waitpid(child, NULL, 0);
  return 0;
}
