// Fixed twin of misuse_private_mutex.c: the statistics lock is process-shared.
// expect: exit 0, complete, no bug
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t stats_lock;
  sem_t tokens;
  int misses;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->stats_lock, 1);
  sem_init(&s->tokens, 1, 0);
  pid_t child = fork();
  if (child == 0) {
    if (sem_trywait(&s->tokens) != 0) {
      pthread_mutex_lock(&s->stats_lock);
      ++s->misses;
      pthread_mutex_unlock(&s->stats_lock);
    }
    _exit(0);
  }
  sem_post(&s->tokens);
  waitpid(child, NULL, 0);
  return 0;
}
