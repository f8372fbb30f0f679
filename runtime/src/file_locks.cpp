// Advisory file locks taken without waiting (see file_locks.h), and the flock and lockf
// interceptors.
#include "file_locks.h"

#include "real_functions.h"
#include "runtime_state.h"
#include "visible_op.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace lockstep::runtime {
namespace {

constexpr const char *kHeldElsewhere =
    "cannot follow: the lock is held by another process or description, and file locks are not "
    "modelled yet (the request would wait for an agent that cannot run)";

bool heldElsewhere(int error) { return error == EAGAIN || error == EACCES || error == EWOULDBLOCK; }

} // namespace

bool isWaitingLockCommand(int cmd) { return cmd == F_SETLKW || cmd == F_OFD_SETLKW; }

int fcntlLockWithoutWaiting(int fd, int cmd, uintptr_t lock, const void *pc) {
  const int rc = LOCKSTEP_REAL(fcntl)(fd, cmd == F_SETLKW ? F_SETLK : F_OFD_SETLK, lock);
  if (rc != 0 && heldElsewhere(errno))
    refuseCall(pc, cmd == F_SETLKW ? "fcntl(F_SETLKW)" : "fcntl(F_OFD_SETLKW)", kHeldElsewhere);
  return rc;
}

} // namespace lockstep::runtime

using namespace lockstep::runtime;

extern "C" int flock(int fd, int operation) {
  if (!modelled() || (operation & (LOCK_NB | LOCK_UN)) != 0)
    return LOCKSTEP_REAL(flock)(fd, operation);
  const int rc = LOCKSTEP_REAL(flock)(fd, operation | LOCK_NB);
  if (rc != 0 && heldElsewhere(errno))
    refuseCall(__builtin_return_address(0), "flock", kHeldElsewhere);
  return rc;
}

extern "C" int lockf(int fd, int command, off_t length) {
  if (!modelled() || command != F_LOCK)
    return LOCKSTEP_REAL(lockf)(fd, command, length);
  const int rc = LOCKSTEP_REAL(lockf)(fd, F_TLOCK, length);
  if (rc != 0 && heldElsewhere(errno))
    refuseCall(__builtin_return_address(0), "lockf(F_LOCK)", kHeldElsewhere);
  return rc;
}

extern "C" int lockf64(int fd, int command, off64_t length) {
  if (!modelled() || command != F_LOCK)
    return LOCKSTEP_REAL(lockf64)(fd, command, length);
  const int rc = LOCKSTEP_REAL(lockf64)(fd, F_TLOCK, length);
  if (rc != 0 && heldElsewhere(errno))
    refuseCall(__builtin_return_address(0), "lockf(F_LOCK)", kHeldElsewhere);
  return rc;
}
