// pthread spin locks, modelled as normal (non-recursive, non-robust) mutexes: the same
// enabledness (a lock waits while another agent holds it; trylock gives EBUSY), the same misuse
// checks (relocking one's own lock deadlocks, unlocking a lock one does not hold) and the same
// happens-before. Without this, a spinning agent would loop inside libc, where Lockstep cannot
// see it, while the holder waits for its turn. The real call runs only once the model says the
// lock is free, so it never spins.
#include "objects.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"
#include "visible_op.h"

#include <pthread.h>

using namespace lockstep::runtime;

namespace {

constexpr int64_t kSharedBit = 8; // the mutex model's attribute bit for PTHREAD_PROCESS_SHARED

int spinStep(OpKind kind, pthread_spinlock_t *lock, const void *pc, int64_t arg = 0) {
  // pthread_spinlock_t is a volatile int: the model names it by its address alone.
  PendingOp op = makeOp(kind, pc, objectAt(const_cast<const int *>(lock), ObjectFamily::Mutex));
  op.arg = arg;
  return static_cast<int>(performVisible(op).result);
}

} // namespace

extern "C" int pthread_spin_init(pthread_spinlock_t *lock, int shared) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_spin_init)(lock, shared);
  const int rc = spinStep(OpKind::mutex_init, lock, __builtin_return_address(0),
                          shared == PTHREAD_PROCESS_SHARED ? kSharedBit : 0);
  return rc != 0 ? rc : LOCKSTEP_REAL(pthread_spin_init)(lock, shared);
}

extern "C" int pthread_spin_destroy(pthread_spinlock_t *lock) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_spin_destroy)(lock);
  const int rc = spinStep(OpKind::mutex_destroy, lock, __builtin_return_address(0));
  return rc != 0 ? rc : LOCKSTEP_REAL(pthread_spin_destroy)(lock);
}

extern "C" int pthread_spin_lock(pthread_spinlock_t *lock) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_spin_lock)(lock);
  const int rc = spinStep(OpKind::mutex_lock, lock, __builtin_return_address(0));
  return rc != 0 ? rc : LOCKSTEP_REAL(pthread_spin_lock)(lock);
}

extern "C" int pthread_spin_trylock(pthread_spinlock_t *lock) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_spin_trylock)(lock);
  const int rc = spinStep(OpKind::mutex_trylock, lock, __builtin_return_address(0));
  return rc != 0 ? rc : LOCKSTEP_REAL(pthread_spin_lock)(lock);
}

extern "C" int pthread_spin_unlock(pthread_spinlock_t *lock) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_spin_unlock)(lock);
  const int rc = spinStep(OpKind::mutex_unlock, lock, __builtin_return_address(0));
  return rc != 0 ? rc : LOCKSTEP_REAL(pthread_spin_unlock)(lock);
}
