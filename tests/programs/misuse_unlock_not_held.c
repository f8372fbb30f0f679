// A child tries to take the statistics lock with trylock and, busy or not, unlocks it afterwards.
// Bug: misuse when the parent holds the lock at the child's trylock: the child then unlocks a
// mutex held by P0. The default order (parent first, lock free again) is fine.
// expect: exit 1, misuse, message "unlocks mutex#N, which it does not hold (held by P0)"; fixed
// twin misuse_unlock_not_held_fixed.c: the child unlocks only when its trylock succeeded.
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t lock;
  int hits;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
  pid_t child = fork();
  if (child == 0) {
#ifdef FIXED
    if (pthread_mutex_trylock(&s->lock) == 0) {
      ++s->hits;
      pthread_mutex_unlock(&s->lock);
    }
#else
    if (pthread_mutex_trylock(&s->lock) == 0)
      ++s->hits;
    pthread_mutex_unlock(&s->lock); // BUG: unlocks even when trylock failed
#endif
    _exit(0);
  }
  pthread_mutex_lock(&s->lock);
  ++s->hits;
  pthread_mutex_unlock(&s->lock);
  waitpid(child, NULL, 0);
  return 0;
}
