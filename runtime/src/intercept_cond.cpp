// Interceptors for pthread condition variables. The real pthread_cond_wait never runs: a wait is
// the model's two steps (cond_wait releases the mutex, cond_reacquire takes it back once the
// agent was signalled, timed out or woke spuriously), with the real mutex unlocked and locked
// around them, which cannot block. Signals and broadcasts still reach the real cond (it has no
// real waiters). The real functions are glibc's GLIBC_2.3.2 versions, the ones programs link
// against; our unversioned definitions interpose them.
#include "objects.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"
#include "virtual_time.h"
#include "visible_op.h"

#include "lockstep/models/family_models.h"

#include <cerrno>
#include <pthread.h>

using namespace lockstep::runtime;

namespace {

constexpr const char *kCondVersion = "GLIBC_2.3.2";

int condStep(OpKind kind, pthread_cond_t *cond, const void *pc, int64_t arg = 0) {
  PendingOp op = makeOp(kind, pc, objectAt(cond, ObjectFamily::Cond));
  op.arg = arg;
  return static_cast<int>(performVisible(op).result);
}

bool acquired(int64_t rc) { return rc == 0 || rc == EOWNERDEAD; }

// pthread_cond_wait and its timed forms: returns what the call returns.
int waitOn(pthread_cond_t *cond, pthread_mutex_t *mutex, bool timed, const void *pc,
           clockid_t clock = CLOCK_REALTIME, const timespec *deadline = nullptr) {
  const uint32_t condIndex = objectAt(cond, ObjectFamily::Cond);
  const uint32_t mutexIndex = objectAt(mutex, ObjectFamily::Mutex);
  PendingOp wait = makeOp(OpKind::cond_wait, pc, condIndex, static_cast<int32_t>(mutexIndex));
  wait.flags = timed ? lockstep::models::kCondTimed : 0;
  const int64_t rc = performVisible(wait).result;
  if (rc != 0)
    return static_cast<int>(rc);
  LOCKSTEP_REAL(pthread_mutex_unlock)(mutex);
  int result = 0;
  for (;;) {
    PendingOp reacquire =
        makeOp(OpKind::cond_reacquire, pc, condIndex, static_cast<int32_t>(mutexIndex));
    reacquire.flags = wait.flags;
    const int64_t got = performVisible(reacquire).result;
    if (got == ETIMEDOUT) {
      result = ETIMEDOUT;
      timedOutAt(clock, deadline);
      continue; // left the wait set; now take the mutex back
    }
    if (got == lockstep::models::kCondSpuriousResult)
      continue;
    if (acquired(got))
      LOCKSTEP_REAL(pthread_mutex_lock)(mutex);
    return got != 0 ? static_cast<int>(got) : result;
  }
}

} // namespace

extern "C" int pthread_cond_init(pthread_cond_t *cond, const pthread_condattr_t *attr) {
  if (!modelled())
    return LOCKSTEP_REAL_VERSION(pthread_cond_init, kCondVersion)(cond, attr);
  int shared = PTHREAD_PROCESS_PRIVATE;
  if (attr != nullptr)
    pthread_condattr_getpshared(attr, &shared);
  const int rc = condStep(OpKind::cond_init, cond, __builtin_return_address(0),
                          shared == PTHREAD_PROCESS_SHARED ? 1 : 0);
  return rc != 0 ? rc : LOCKSTEP_REAL_VERSION(pthread_cond_init, kCondVersion)(cond, attr);
}

extern "C" int pthread_cond_destroy(pthread_cond_t *cond) {
  if (!modelled())
    return LOCKSTEP_REAL_VERSION(pthread_cond_destroy, kCondVersion)(cond);
  const int rc = condStep(OpKind::cond_destroy, cond, __builtin_return_address(0));
  return rc != 0 ? rc : LOCKSTEP_REAL_VERSION(pthread_cond_destroy, kCondVersion)(cond);
}

extern "C" int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex) {
  if (!modelled())
    return LOCKSTEP_REAL_VERSION(pthread_cond_wait, kCondVersion)(cond, mutex);
  return waitOn(cond, mutex, false, __builtin_return_address(0));
}

extern "C" int pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex,
                                      const struct timespec *deadline) {
  if (!modelled())
    return LOCKSTEP_REAL_VERSION(pthread_cond_timedwait, kCondVersion)(cond, mutex, deadline);
  // The clock of pthread_condattr_setclock: bit 1 of __wrefs (glibc's pthread_cond_common.c).
  const clockid_t clock = (cond->__data.__wrefs & 2U) != 0 ? CLOCK_MONOTONIC : CLOCK_REALTIME;
  return waitOn(cond, mutex, true, __builtin_return_address(0), clock, deadline);
}

extern "C" int pthread_cond_clockwait(pthread_cond_t *cond, pthread_mutex_t *mutex, clockid_t clock,
                                      const struct timespec *deadline) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_cond_clockwait)(cond, mutex, clock, deadline);
  if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
    return EINVAL;
  return waitOn(cond, mutex, true, __builtin_return_address(0), clock, deadline);
}

extern "C" int pthread_cond_signal(pthread_cond_t *cond) {
  if (!modelled())
    return LOCKSTEP_REAL_VERSION(pthread_cond_signal, kCondVersion)(cond);
  const int rc = condStep(OpKind::cond_signal, cond, __builtin_return_address(0));
  return rc != 0 ? rc : LOCKSTEP_REAL_VERSION(pthread_cond_signal, kCondVersion)(cond);
}

extern "C" int pthread_cond_broadcast(pthread_cond_t *cond) {
  if (!modelled())
    return LOCKSTEP_REAL_VERSION(pthread_cond_broadcast, kCondVersion)(cond);
  const int rc = condStep(OpKind::cond_broadcast, cond, __builtin_return_address(0));
  return rc != 0 ? rc : LOCKSTEP_REAL_VERSION(pthread_cond_broadcast, kCondVersion)(cond);
}
