// Two processes share a table protected by a process-shared rwlock. P1 inserts key 7 under the
// write lock. P2 looks the key up under a read lock and inserts it when it is missing.
// Bug: P2 write-locks while still holding its read lock (an "upgrade"); glibc's rwlock lets it
// wait for itself forever. Only when P2 looks up before P1 inserted: misuse. The default order
// (P1 first) is fine.
// expect: exit 1, misuse "write-locks rwlock#0 while it holds a read lock on it"; fixed twin:
// rwlock_upgrade_fixed.c
#include "ipc.h"

#include <assert.h>

struct table {
  pthread_rwlock_t lock;
  int keys[4];
  int used;
};

static int find(const struct table *t, int key) {
  for (int i = 0; i < t->used; ++i)
    if (t->keys[i] == key)
      return 1;
  return 0;
}

static void insert(struct table *t, int key) {
  if (!find(t, key) && t->used < 4)
    t->keys[t->used++] = key;
}

int main(void) {
  struct table *t = shared_alloc(sizeof *t);
  shared_rwlock(&t->lock);
  if (fork() == 0) { // P1: writer
    pthread_rwlock_wrlock(&t->lock);
    insert(t, 7);
    pthread_rwlock_unlock(&t->lock);
    _exit(0);
  }
  if (fork() == 0) { // P2: reader that inserts what it misses
    pthread_rwlock_rdlock(&t->lock);
    if (!find(t, 7)) {
#ifdef FIXED
      pthread_rwlock_unlock(&t->lock); // give up the read lock, then look again as a writer
      pthread_rwlock_wrlock(&t->lock);
      insert(t, 7);
#else
      pthread_rwlock_wrlock(&t->lock); // BUG: upgrade while holding the read lock
      insert(t, 7);
      pthread_rwlock_unlock(&t->lock);
#endif
    }
    pthread_rwlock_unlock(&t->lock);
    _exit(0);
  }
  reap_children(2);
  assert(t->used == 1 && t->keys[0] == 7);
  return 0;
}
