// Interceptors for pthread barriers. The real pthread_barrier_wait never runs (it would block):
// a wait is the model's barrier_wait (arrive) and, for all but the releasing arrival,
// barrier_resume (leave once the generation is released). Init and destroy reach the real
// barrier so its memory stays what glibc expects.
#include "objects.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"
#include "visible_op.h"

#include <pthread.h>

using namespace lockstep::runtime;

extern "C" int pthread_barrier_init(pthread_barrier_t *barrier, const pthread_barrierattr_t *attr,
                                    unsigned count) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_barrier_init)(barrier, attr, count);
  int shared = PTHREAD_PROCESS_PRIVATE;
  if (attr != nullptr)
    pthread_barrierattr_getpshared(attr, &shared);
  PendingOp op = makeOp(OpKind::barrier_init, __builtin_return_address(0),
                        objectAt(barrier, ObjectFamily::Barrier));
  op.arg = count;
  op.flags = shared == PTHREAD_PROCESS_SHARED ? 1 : 0;
  const int rc = static_cast<int>(performVisible(op).result);
  return rc != 0 ? rc : LOCKSTEP_REAL(pthread_barrier_init)(barrier, attr, count);
}

extern "C" int pthread_barrier_destroy(pthread_barrier_t *barrier) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_barrier_destroy)(barrier);
  const int rc =
      static_cast<int>(performVisible(makeOp(OpKind::barrier_destroy, __builtin_return_address(0),
                                             objectAt(barrier, ObjectFamily::Barrier)))
                           .result);
  return rc != 0 ? rc : LOCKSTEP_REAL(pthread_barrier_destroy)(barrier);
}

extern "C" int pthread_barrier_wait(pthread_barrier_t *barrier) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_barrier_wait)(barrier);
  const void *pc = __builtin_return_address(0);
  const uint32_t object = objectAt(barrier, ObjectFamily::Barrier);
  const int rc = static_cast<int>(performVisible(makeOp(OpKind::barrier_wait, pc, object)).result);
  if (rc != 0) // PTHREAD_BARRIER_SERIAL_THREAD (released the others) or an error
    return rc;
  return static_cast<int>(performVisible(makeOp(OpKind::barrier_resume, pc, object)).result);
}
