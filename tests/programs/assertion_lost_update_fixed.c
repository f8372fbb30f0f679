// Fixed twin of assertion_lost_update.c: the read and the write are one locked section.
// expect: exit 0, complete, no bug
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
  s->balance += amount;
  (void)seen;
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
