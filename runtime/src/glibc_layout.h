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

static_assert(sizeof(pthread_cond_t) == 48, "glibc x86-64 pthread_cond_t expected");
static_assert(sizeof(pthread_rwlock_t) == 56, "glibc x86-64 pthread_rwlock_t expected");
static_assert(sizeof(pthread_barrier_t) == 32, "glibc x86-64 pthread_barrier_t expected");

inline constexpr unsigned kCondSharedMask = 1;  // __PTHREAD_COND_SHARED_MASK in __wrefs
inline constexpr int kBarrierCountOffset = 8;   // struct pthread_barrier: in, current_round, count
inline constexpr int kBarrierSharedOffset = 12; // then `shared`: FUTEX_PRIVATE (128) or 0

inline int mutexKind(const pthread_mutex_t *m) { return m->__data.__kind; }

// glibc's struct new_sem: 64-bit value word, then `int private`.
inline bool semaphoreIsPrivate(const sem_t *s) {
  int flag = 0;
  memcpy(&flag, reinterpret_cast<const char *>(s) + 8, sizeof flag);
  return flag != 0;
}

inline bool condIsShared(const pthread_cond_t *c) {
  return (c->__data.__wrefs & kCondSharedMask) != 0;
}

// The rwlock kind (PTHREAD_RWLOCK_PREFER_*) and whether it is process-shared.
inline int rwlockKind(const pthread_rwlock_t *r) { return static_cast<int>(r->__data.__flags); }
inline bool rwlockIsShared(const pthread_rwlock_t *r) { return r->__data.__shared != 0; }

// glibc's struct pthread_barrier (internal): the count and the futex flag.
inline unsigned barrierCount(const pthread_barrier_t *b) {
  unsigned count = 0;
  memcpy(&count, reinterpret_cast<const char *>(b) + kBarrierCountOffset, sizeof count);
  return count;
}
inline bool barrierIsShared(const pthread_barrier_t *b) {
  int flag = 0;
  memcpy(&flag, reinterpret_cast<const char *>(b) + kBarrierSharedOffset, sizeof flag);
  return flag != kFutexPrivateFlag;
}

} // namespace lockstep::runtime::glibc
