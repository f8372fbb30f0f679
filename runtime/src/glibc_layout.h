// What the runtime reads from glibc's own objects when it first meets one it did not see
// initialised (a static PTHREAD_MUTEX_INITIALIZER, a semaphore created before the run): the
// mutex kind word and the semaphore's private flag. Layouts are glibc's on x86-64 and are
// checked here at compile time.
#pragma once

#include <cstdint>
#include <cstring>
#include <pthread.h>
#include <semaphore.h>

namespace lockstep::runtime::glibc {

static_assert(sizeof(pthread_mutex_t) == 40, "glibc x86-64 pthread_mutex_t expected");
static_assert(sizeof(sem_t) == 32, "glibc x86-64 sem_t expected");

inline constexpr int kMutexKindMask = 3;     // PTHREAD_MUTEX_KIND_MASK_NP
inline constexpr int kMutexRobustBit = 16;   // PTHREAD_MUTEX_ROBUST_NORMAL_NP
inline constexpr int kMutexPsharedBit = 128; // PTHREAD_MUTEX_PSHARED_BIT
inline constexpr int kFutexPrivateFlag = 128;

inline int mutexKind(const pthread_mutex_t *m) { return m->__data.__kind; }

// glibc's struct new_sem: 64-bit value word, then `int private`.
inline bool semaphoreIsPrivate(const sem_t *s) {
  int flag = 0;
  memcpy(&flag, reinterpret_cast<const char *>(s) + 8, sizeof flag);
  return flag != 0;
}

} // namespace lockstep::runtime::glibc
