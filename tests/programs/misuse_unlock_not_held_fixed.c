// Fixed twin of misuse_unlock_not_held.c: the child unlocks only when its trylock succeeded.
// expect: exit 0, complete, no bug
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
    if (pthread_mutex_trylock(&s->lock) == 0) {
      ++s->hits;
      pthread_mutex_unlock(&s->lock);
    }
    _exit(0);
  }
  pthread_mutex_lock(&s->lock);
  ++s->hits;
  pthread_mutex_unlock(&s->lock);
  waitpid(child, NULL, 0);
  return 0;
}
