// Interceptors for pthread mutexes. The model decides enabledness and the result; the real call
// runs only when the model says it succeeds, and then cannot block.
#include "objects.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"
#include "virtual_time.h"
#include "visible_op.h"

#include <cerrno>
#include <pthread.h>

using namespace lockstep::runtime;

namespace {

int mutexStep(OpKind kind, pthread_mutex_t *mutex, const void *pc, int64_t arg = 0) {
  PendingOp op = makeOp(kind, pc, objectAt(mutex, ObjectFamily::Mutex));
  op.arg = arg;
  return static_cast<int>(performVisible(op).result);
}

// Attribute bits as the mutex model reads them from mutex_init's argument.
int64_t attributeBits(const pthread_mutexattr_t *attr) {
  if (attr == nullptr)
    return 0;
  int type = PTHREAD_MUTEX_DEFAULT;
  int robust = PTHREAD_MUTEX_STALLED;
  int shared = PTHREAD_PROCESS_PRIVATE;
  pthread_mutexattr_gettype(attr, &type);
  pthread_mutexattr_getrobust(attr, &robust);
  pthread_mutexattr_getpshared(attr, &shared);
  const int64_t typeBits = type == PTHREAD_MUTEX_RECURSIVE    ? 1
                           : type == PTHREAD_MUTEX_ERRORCHECK ? 2
                                                              : 0;
  return typeBits | (robust == PTHREAD_MUTEX_ROBUST ? 4 : 0) |
         (shared == PTHREAD_PROCESS_SHARED ? 8 : 0);
}

bool acquired(int rc) { return rc == 0 || rc == EOWNERDEAD; }

} // namespace

extern "C" int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_mutex_init)(mutex, attr);
  const int rc =
      mutexStep(OpKind::mutex_init, mutex, __builtin_return_address(0), attributeBits(attr));
  return rc != 0 ? rc : LOCKSTEP_REAL(pthread_mutex_init)(mutex, attr);
}

extern "C" int pthread_mutex_destroy(pthread_mutex_t *mutex) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_mutex_destroy)(mutex);
  const int rc = mutexStep(OpKind::mutex_destroy, mutex, __builtin_return_address(0));
  return rc != 0 ? rc : LOCKSTEP_REAL(pthread_mutex_destroy)(mutex);
}

extern "C" int pthread_mutex_lock(pthread_mutex_t *mutex) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_mutex_lock)(mutex);
  const int rc = mutexStep(OpKind::mutex_lock, mutex, __builtin_return_address(0));
  if (acquired(rc))
    LOCKSTEP_REAL(pthread_mutex_lock)(mutex);
  return rc;
}

extern "C" int pthread_mutex_trylock(pthread_mutex_t *mutex) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_mutex_trylock)(mutex);
  const int rc = mutexStep(OpKind::mutex_trylock, mutex, __builtin_return_address(0));
  if (acquired(rc))
    LOCKSTEP_REAL(pthread_mutex_lock)(mutex);
  return rc;
}

extern "C" int pthread_mutex_unlock(pthread_mutex_t *mutex) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_mutex_unlock)(mutex);
  const int rc = mutexStep(OpKind::mutex_unlock, mutex, __builtin_return_address(0));
  if (rc == 0)
    LOCKSTEP_REAL(pthread_mutex_unlock)(mutex);
  return rc;
}

extern "C" int pthread_mutex_consistent(pthread_mutex_t *mutex) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_mutex_consistent)(mutex);
  const int rc = mutexStep(OpKind::mutex_consistent, mutex, __builtin_return_address(0));
  return rc != 0 ? rc : LOCKSTEP_REAL(pthread_mutex_consistent)(mutex);
}

extern "C" int pthread_mutex_timedlock(pthread_mutex_t *mutex, const struct timespec *deadline) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_mutex_timedlock)(mutex, deadline);
  const int rc = timedResult(mutexStep(OpKind::mutex_timedlock, mutex, __builtin_return_address(0)),
                             CLOCK_REALTIME, deadline);
  if (acquired(rc))
    LOCKSTEP_REAL(pthread_mutex_lock)(mutex);
  return rc;
}

extern "C" int pthread_mutex_clocklock(pthread_mutex_t *mutex, clockid_t clock,
                                       const struct timespec *deadline) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_mutex_clocklock)(mutex, clock, deadline);
  if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
    return EINVAL;
  const int rc = timedResult(mutexStep(OpKind::mutex_timedlock, mutex, __builtin_return_address(0)),
                             clock, deadline);
  if (acquired(rc))
    LOCKSTEP_REAL(pthread_mutex_lock)(mutex);
  return rc;
}
