/* Helpers of the race-focus programs of tests/focus2: the shared region and the workers of
 * tests/races, a process-shared mutex that the fixed twins (argument "fixed") take, the pair the
 * intrinsics tear. */
#ifndef LOCKSTEP_TESTS_FOCUS2_FOCUS_COMMON_H
#define LOCKSTEP_TESTS_FOCUS2_FOCUS_COMMON_H

#include "../../races/programs/race_common.h"

#include <pthread.h>
#include <string.h>

static int gFixed; /* the fixed twin: the racing accesses are under `lock` */

/* A pair that should stay equal, each half in its own 8-byte granule. */
struct Pair {
  long a;
  long b;
};

static void sharedMutexInit(pthread_mutex_t *lock) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(lock, &attr);
}

static void parseFixed(int argc, char **argv) {
  gFixed = argc > 1 && strcmp(argv[1], "fixed") == 0;
}

static void lockIfFixed(pthread_mutex_t *lock) {
  if (gFixed)
    pthread_mutex_lock(lock);
}

static void unlockIfFixed(pthread_mutex_t *lock) {
  if (gFixed)
    pthread_mutex_unlock(lock);
}

#endif
