// A child takes a token from a process-shared semaphore the parent posts; when there is no token
// yet it records a miss under the statistics lock, which lives in the shared mapping but was
// initialised process-private by the parent.
// Bug: misuse when the child finds no token (runs before the parent's post): it locks a
// process-private mutex from another process. The default order (parent first) is fine.
// expect: exit 1, misuse, message "initialised process-private by P0"; fixed twin
// misuse_private_mutex_fixed.c: the statistics lock is process-shared.
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
#ifdef FIXED
  mutex_setup(&s->stats_lock, 1);
#else
  mutex_setup(&s->stats_lock, 0); // BUG: should be PTHREAD_PROCESS_SHARED
#endif
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
