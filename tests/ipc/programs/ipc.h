// Helpers shared by the IPC test programs: a MAP_SHARED anonymous mapping inherited by every
// process forked afterwards, and process-shared synchronization objects inside it. Header-only
// so each program stays one self-contained executable.
#ifndef LOCKSTEP_TESTS_IPC_IPC_H
#define LOCKSTEP_TESTS_IPC_IPC_H

#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static inline void *shared_alloc(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    exit(99);
  return p;
}

static inline void shared_mutex(pthread_mutex_t *m) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(m, &attr);
  pthread_mutexattr_destroy(&attr);
}

static inline void shared_cond(pthread_cond_t *c) {
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_cond_init(c, &attr);
  pthread_condattr_destroy(&attr);
}

static inline void shared_rwlock(pthread_rwlock_t *l) {
  pthread_rwlockattr_t attr;
  pthread_rwlockattr_init(&attr);
  pthread_rwlockattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_rwlock_init(l, &attr);
  pthread_rwlockattr_destroy(&attr);
}

// Waits for every child; exits 1 when one did not exit with status 0.
static inline void reap_children(int n) {
  for (int i = 0; i < n; ++i) {
    int status = 0;
    if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
      exit(1);
  }
}

#endif
