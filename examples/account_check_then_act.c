// Two processes withdraw from a shared account. Each checks the balance in one critical section
// and withdraws in another, so both can pass the check before either withdraws.
// Lockstep finds: assertion (`balance >= 0` fails when both checks run before both withdrawals).
// Fixed twin: account_check_then_act_fixed.c checks and withdraws under one lock.
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
  pthread_mutex_unlock(&a->lock);
  if (!enough)
    return false;
  pthread_mutex_lock(&a->lock); // BUG: the balance may have changed since the check
  a->balance -= amount;
  assert(a->balance >= 0);
  pthread_mutex_unlock(&a->lock);
  return true;
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
