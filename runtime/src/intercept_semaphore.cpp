// Interceptors for POSIX semaphores, unnamed (sem_init) and named (sem_open). Named semaphores
// that an execution creates are listed in the control block so the checker removes them before
// the next execution; semaphores that existed before the run are never listed.
#include "objects.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"
#include "virtual_time.h"
#include "visible_op.h"

#include "lockstep/models/model.h"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <semaphore.h>
#include <unistd.h>

using namespace lockstep::runtime;

namespace {

// Runs a semaphore operation through the model; returns 0 or -1 with errno as sem_* do.
int semStep(OpKind kind, sem_t *sem, const void *pc, int64_t arg = 0, uint32_t flags = 0) {
  PendingOp op = makeOp(kind, pc, objectAt(sem, ObjectFamily::Semaphore));
  op.arg = arg;
  op.flags = flags;
  const int64_t result = performVisible(op).result;
  if (result < 0) {
    errno = static_cast<int>(-result);
    return -1;
  }
  return 0;
}

bool namedSemaphoreExists(const char *name) {
  char path[300];
  snprintf(path, sizeof path, "/dev/shm/sem.%s", name[0] == '/' ? name + 1 : name);
  return access(path, F_OK) == 0;
}

void rememberCreatedName(const char *name) {
  ControlBlock &cb = *gControl;
  if (cb.namedCount >= kMaxNamed)
    return;
  NamedObjectRecord &record = cb.named[cb.namedCount++];
  record.kind = NamedKind::Semaphore;
  snprintf(record.name, sizeof record.name, "%s", name);
}

} // namespace

extern "C" int sem_init(sem_t *sem, int pshared, unsigned value) {
  if (!modelled())
    return LOCKSTEP_REAL(sem_init)(sem, pshared, value);
  const int rc =
      semStep(OpKind::sem_init, sem, __builtin_return_address(0), value, pshared != 0 ? 1 : 0);
  return rc != 0 ? rc : LOCKSTEP_REAL(sem_init)(sem, pshared, value);
}

extern "C" int sem_destroy(sem_t *sem) {
  if (!modelled())
    return LOCKSTEP_REAL(sem_destroy)(sem);
  const int rc = semStep(OpKind::sem_destroy, sem, __builtin_return_address(0));
  return rc != 0 ? rc : LOCKSTEP_REAL(sem_destroy)(sem);
}

extern "C" int sem_wait(sem_t *sem) {
  if (!modelled())
    return LOCKSTEP_REAL(sem_wait)(sem);
  const int rc = semStep(OpKind::sem_wait, sem, __builtin_return_address(0));
  return rc != 0 ? rc : LOCKSTEP_REAL(sem_trywait)(sem);
}

extern "C" int sem_trywait(sem_t *sem) {
  if (!modelled())
    return LOCKSTEP_REAL(sem_trywait)(sem);
  const int rc = semStep(OpKind::sem_trywait, sem, __builtin_return_address(0));
  return rc != 0 ? rc : LOCKSTEP_REAL(sem_trywait)(sem);
}

extern "C" int sem_timedwait(sem_t *sem, const struct timespec *deadline) {
  if (!modelled())
    return LOCKSTEP_REAL(sem_timedwait)(sem, deadline);
  const int rc = semStep(OpKind::sem_timedwait, sem, __builtin_return_address(0));
  if (rc != 0 && errno == ETIMEDOUT)
    timedOutAt(CLOCK_REALTIME, deadline);
  return rc != 0 ? rc : LOCKSTEP_REAL(sem_trywait)(sem);
}

extern "C" int sem_clockwait(sem_t *sem, clockid_t clock, const struct timespec *deadline) {
  if (!modelled())
    return LOCKSTEP_REAL(sem_clockwait)(sem, clock, deadline);
  const int rc = semStep(OpKind::sem_timedwait, sem, __builtin_return_address(0));
  if (rc != 0 && errno == ETIMEDOUT)
    timedOutAt(clock, deadline);
  return rc != 0 ? rc : LOCKSTEP_REAL(sem_trywait)(sem);
}

extern "C" int sem_post(sem_t *sem) {
  if (!modelled())
    return LOCKSTEP_REAL(sem_post)(sem);
  const int rc = semStep(OpKind::sem_post, sem, __builtin_return_address(0));
  return rc != 0 ? rc : LOCKSTEP_REAL(sem_post)(sem);
}

extern "C" int sem_getvalue(sem_t *sem, int *value) {
  if (!modelled())
    return LOCKSTEP_REAL(sem_getvalue)(sem, value);
  PendingOp op = makeOp(OpKind::sem_getvalue, __builtin_return_address(0),
                        objectAt(sem, ObjectFamily::Semaphore));
  *value = static_cast<int>(performVisible(op).result);
  return 0;
}

extern "C" sem_t *sem_open(const char *name, int oflag, ...) {
  mode_t mode = 0;
  unsigned value = 0;
  if ((oflag & O_CREAT) != 0) {
    va_list args;
    va_start(args, oflag);
    mode = static_cast<mode_t>(va_arg(args, unsigned));
    value = va_arg(args, unsigned);
    va_end(args);
  }
  if (!modelled())
    return LOCKSTEP_REAL(sem_open)(name, oflag, mode, value);
  performVisible(makeOp(OpKind::sem_open, __builtin_return_address(0)));
  const bool existed = namedSemaphoreExists(name);
  sem_t *sem = nullptr;
  {
    RuntimeScope scope;
    sem = LOCKSTEP_REAL(sem_open)(name, oflag, mode, value);
  }
  if (sem == SEM_FAILED)
    return sem;
  if (!existed)
    rememberCreatedName(name);
  const uint32_t object = objectAt(sem, ObjectFamily::Semaphore);
  ObjectRecord &record = gControl->objects[object];
  record.sem.named = 1;
  record.flags |= kObjectPshared;
  snprintf(record.where, sizeof record.where, "sem %s", name);
  currentStep().object = object;
  return sem;
}

extern "C" int sem_close(sem_t *sem) {
  if (!modelled())
    return LOCKSTEP_REAL(sem_close)(sem);
  semStep(OpKind::sem_close, sem, __builtin_return_address(0));
  return LOCKSTEP_REAL(sem_close)(sem);
}

extern "C" int sem_unlink(const char *name) {
  if (!modelled())
    return LOCKSTEP_REAL(sem_unlink)(name);
  performVisible(makeOp(OpKind::sem_unlink, __builtin_return_address(0)));
  return LOCKSTEP_REAL(sem_unlink)(name);
}
