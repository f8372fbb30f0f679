// The parent publishes a pointer to a configuration record (in the shared mapping, so valid in
// both processes) under a lock; the child reads the pointer under the lock and uses it.
// Bug: crash (SIGSEGV) when the child takes the lock before the parent has published: it
// dereferences NULL. The default order (parent first) is fine.
// expect: exit 1, crash, message names SIGSEGV; fixed twin: crash_null_publish_fixed.c
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct config {
  int workers;
};

struct state {
  pthread_mutex_t lock;
  struct config *published;
  struct config storage;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
  pid_t child = fork();
  if (child == 0) {
    pthread_mutex_lock(&s->lock);
    struct config *c = s->published;
    pthread_mutex_unlock(&s->lock);
    _exit(c->workers == 4 ? 0 : 5); // BUG: c is NULL when the child ran first
  }
  pthread_mutex_lock(&s->lock);
  s->storage.workers = 4;
  s->published = &s->storage;
  pthread_mutex_unlock(&s->lock);
  waitpid(child, NULL, 0);
  return 0;
}
