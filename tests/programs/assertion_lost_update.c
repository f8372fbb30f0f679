// Two processes each deposit 10 into a balance in MAP_SHARED memory. Each reads the balance in
// one locked section and writes the new value in a second one (check-then-act), and the parent
// asserts the final balance after waiting for the child.
// Bug: assertion when both reads happen before either write (one deposit is lost).
// expect: exit 1, assertion, message names the failed assert; fixed twin
// assertion_lost_update_fixed.c: the write adds to the balance it finds under the lock.
#include "shared.h"

#include <assert.h>
#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t lock;
  int balance;
};

static void deposit(struct state *s, int amount) {
  pthread_mutex_lock(&s->lock);
  int seen = s->balance;
  pthread_mutex_unlock(&s->lock);
  pthread_mutex_lock(&s->lock);
#ifdef FIXED
  s->balance += amount;
  (void)seen;
#else
  s->balance = seen + amount; // BUG: the balance may have changed since it was read
#endif
  pthread_mutex_unlock(&s->lock);
}

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
  pid_t child = fork();
  if (child == 0) {
    deposit(s, 10);
    _exit(0);
  }
  deposit(s, 10);
  waitpid(child, NULL, 0);
  assert(s->balance == 20 && "a deposit was lost");
  return 0;
}
