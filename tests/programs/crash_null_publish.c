// The parent publishes a pointer to a configuration record (in the shared mapping, so valid in
// both processes) under a lock; the child reads the pointer under the lock and uses it.
// Bug: crash (SIGSEGV) when the child takes the lock before the parent has published: it
// dereferences NULL. The default order (parent first) is fine.
// expect: exit 1, crash, message names SIGSEGV; fixed twin crash_null_publish_fixed.c: the child
// waits on a process-shared semaphore that the parent posts after publishing.
#include "shared.h"

#include <sys/wait.h>
#include <unistd.h>

struct config {
  int workers;
};

struct state {
  pthread_mutex_t lock;
#ifdef FIXED
  sem_t published_sem;
#endif
  struct config *published;
  struct config storage;
};

int main(void) {
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
#ifdef FIXED
  sem_init(&s->published_sem, 1, 0);
#endif
  pid_t child = fork();
  if (child == 0) {
#ifdef FIXED
    sem_wait(&s->published_sem);
#else
    // BUG: nothing orders this read after the parent's publication
#endif
    pthread_mutex_lock(&s->lock);
    struct config *c = s->published;
    pthread_mutex_unlock(&s->lock);
    _exit(c->workers == 4 ? 0 : 5); // c is NULL when the child ran first
  }
  pthread_mutex_lock(&s->lock);
  s->storage.workers = 4;
  s->published = &s->storage;
  pthread_mutex_unlock(&s->lock);
#ifdef FIXED
  sem_post(&s->published_sem);
#endif
  waitpid(child, NULL, 0);
  return 0;
}
