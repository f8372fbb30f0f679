// Helpers shared by the test programs: a MAP_SHARED anonymous mapping that parent and children
// see at the same address, and process-shared (or deliberately process-private) mutexes and
// semaphores inside it. Header-only so each program stays one self-contained executable.
#ifndef LOCKSTEP_TEST_PROGRAMS_SHARED_H
#define LOCKSTEP_TEST_PROGRAMS_SHARED_H

#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <sys/mman.h>

// A zeroed mapping of `size` bytes shared with every process forked afterwards.
static inline void *shared_alloc(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    exit(99);
  return p;
}

// A normal mutex; process-shared when `pshared` is non-zero.
static inline void mutex_setup(pthread_mutex_t *m, int pshared) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, pshared ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE);
  pthread_mutex_init(m, &attr);
  pthread_mutexattr_destroy(&attr);
}

#endif
