// unlink(2), unlinkat(2) and remove(3) of a socket file: the sockets of the program bound at that
// path can no longer be reached through it (connect and sendto then get ENOENT, and a new bind
// may take the path), so the removal is a step, socket_unlink, ordered with the connects, sends
// and binds it affects. Removing any other file is not a step. A rename(2) of a bound socket
// file is not followed (the socket stays reachable by its old name only in the model).
#include "real_functions.h"
#include "runtime_state.h"
#include "socket_address.h"
#include "turn.h"
#include "visible_op.h"

#include "lockstep/models/socket_model.h"

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace lockstep::runtime;

namespace {

// The absolute path of `path` relative to dirfd when it names a socket file (not following a
// final symbolic link, as unlink does not); false otherwise.
bool socketFileAt(int dirfd, const char *path, char *absolute, size_t size) {
  RuntimeScope scope;
  struct stat st {};
  if (path == nullptr || fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
      !S_ISSOCK(st.st_mode))
    return false;
  if (path[0] == '/' || dirfd == AT_FDCWD)
    return absolutePath(path, strlen(path), absolute, size);
  char link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
  char directory[lockstep::protocol::kPathSize];
  const ssize_t n = readlink(link, directory, sizeof directory - 1);
  if (n <= 0)
    return false;
  directory[n] = '\0';
  return snprintf(absolute, size, "%s/%s", directory, path) < static_cast<int>(size);
}

void unlinkStep(int dirfd, const char *path, const void *pc) {
  char absolute[lockstep::protocol::kPathSize];
  if (!socketFileAt(dirfd, path, absolute, sizeof absolute))
    return;
  PendingOp op = makeOp(OpKind::socket_unlink, pc);
  op.arg =
      static_cast<int64_t>(lockstep::models::socketNameAddress(false, absolute, strlen(absolute)));
  performVisible(op);
}

} // namespace

extern "C" int unlink(const char *path) {
  if (modelled())
    unlinkStep(AT_FDCWD, path, __builtin_return_address(0));
  return LOCKSTEP_REAL(unlink)(path);
}

extern "C" int unlinkat(int dirfd, const char *path, int flags) {
  if (modelled() && (flags & AT_REMOVEDIR) == 0)
    unlinkStep(dirfd, path, __builtin_return_address(0));
  return LOCKSTEP_REAL(unlinkat)(dirfd, path, flags);
}

extern "C" int remove(const char *path) {
  if (modelled())
    unlinkStep(AT_FDCWD, path, __builtin_return_address(0));
  return LOCKSTEP_REAL(remove)(path);
}
