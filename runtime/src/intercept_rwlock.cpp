// Interceptors for pthread read-write locks. The model decides enabledness and the result; when
// it says the lock is taken the real lock is taken with the try form, which cannot block (the
// real lock's state follows the model's).
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

int rwlockStep(OpKind kind, pthread_rwlock_t *rwlock, const void *pc, int64_t arg = 0) {
  PendingOp op = makeOp(kind, pc, objectAt(rwlock, ObjectFamily::Rwlock));
  op.arg = arg;
  return static_cast<int>(performVisible(op).result);
}

// Attribute bits as the rwlock model reads them from rwlock_init's argument: the kind, and 4
// when process-shared.
int64_t attributeBits(const pthread_rwlockattr_t *attr) {
  if (attr == nullptr)
    return 0;
  int kind = PTHREAD_RWLOCK_PREFER_READER_NP;
  int shared = PTHREAD_PROCESS_PRIVATE;
  pthread_rwlockattr_getkind_np(attr, &kind);
  pthread_rwlockattr_getpshared(attr, &shared);
  return (kind & 3) | (shared == PTHREAD_PROCESS_SHARED ? 4 : 0);
}

int readLock(OpKind kind, pthread_rwlock_t *rwlock, const void *pc) {
  const int rc = rwlockStep(kind, rwlock, pc);
  if (rc == 0)
    LOCKSTEP_REAL(pthread_rwlock_tryrdlock)(rwlock);
  return rc;
}

int writeLock(OpKind kind, pthread_rwlock_t *rwlock, const void *pc) {
  const int rc = rwlockStep(kind, rwlock, pc);
  if (rc == 0)
    LOCKSTEP_REAL(pthread_rwlock_trywrlock)(rwlock);
  return rc;
}

} // namespace

extern "C" int pthread_rwlock_init(pthread_rwlock_t *rwlock, const pthread_rwlockattr_t *attr) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_rwlock_init)(rwlock, attr);
  const int rc =
      rwlockStep(OpKind::rwlock_init, rwlock, __builtin_return_address(0), attributeBits(attr));
  return rc != 0 ? rc : LOCKSTEP_REAL(pthread_rwlock_init)(rwlock, attr);
}

extern "C" int pthread_rwlock_destroy(pthread_rwlock_t *rwlock) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_rwlock_destroy)(rwlock);
  const int rc = rwlockStep(OpKind::rwlock_destroy, rwlock, __builtin_return_address(0));
  return rc != 0 ? rc : LOCKSTEP_REAL(pthread_rwlock_destroy)(rwlock);
}

extern "C" int pthread_rwlock_rdlock(pthread_rwlock_t *rwlock) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_rwlock_rdlock)(rwlock);
  return readLock(OpKind::rwlock_rdlock, rwlock, __builtin_return_address(0));
}

extern "C" int pthread_rwlock_tryrdlock(pthread_rwlock_t *rwlock) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_rwlock_tryrdlock)(rwlock);
  return readLock(OpKind::rwlock_tryrdlock, rwlock, __builtin_return_address(0));
}

extern "C" int pthread_rwlock_timedrdlock(pthread_rwlock_t *rwlock,
                                          const struct timespec *deadline) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_rwlock_timedrdlock)(rwlock, deadline);
  return timedResult(readLock(OpKind::rwlock_timedrdlock, rwlock, __builtin_return_address(0)),
                     CLOCK_REALTIME, deadline);
}

extern "C" int pthread_rwlock_clockrdlock(pthread_rwlock_t *rwlock, clockid_t clock,
                                          const struct timespec *deadline) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_rwlock_clockrdlock)(rwlock, clock, deadline);
  if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
    return EINVAL;
  return timedResult(readLock(OpKind::rwlock_timedrdlock, rwlock, __builtin_return_address(0)),
                     clock, deadline);
}

extern "C" int pthread_rwlock_wrlock(pthread_rwlock_t *rwlock) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_rwlock_wrlock)(rwlock);
  return writeLock(OpKind::rwlock_wrlock, rwlock, __builtin_return_address(0));
}

extern "C" int pthread_rwlock_trywrlock(pthread_rwlock_t *rwlock) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_rwlock_trywrlock)(rwlock);
  return writeLock(OpKind::rwlock_trywrlock, rwlock, __builtin_return_address(0));
}

extern "C" int pthread_rwlock_timedwrlock(pthread_rwlock_t *rwlock,
                                          const struct timespec *deadline) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_rwlock_timedwrlock)(rwlock, deadline);
  return timedResult(writeLock(OpKind::rwlock_timedwrlock, rwlock, __builtin_return_address(0)),
                     CLOCK_REALTIME, deadline);
}

extern "C" int pthread_rwlock_clockwrlock(pthread_rwlock_t *rwlock, clockid_t clock,
                                          const struct timespec *deadline) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_rwlock_clockwrlock)(rwlock, clock, deadline);
  if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
    return EINVAL;
  return timedResult(writeLock(OpKind::rwlock_timedwrlock, rwlock, __builtin_return_address(0)),
                     clock, deadline);
}

extern "C" int pthread_rwlock_unlock(pthread_rwlock_t *rwlock) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_rwlock_unlock)(rwlock);
  const int rc = rwlockStep(OpKind::rwlock_unlock, rwlock, __builtin_return_address(0));
  if (rc == 0)
    LOCKSTEP_REAL(pthread_rwlock_unlock)(rwlock);
  return rc;
}
