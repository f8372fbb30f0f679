// Interceptors for pipes, FIFOs and AF_UNIX stream socket pairs and for the descriptor calls on
// them: pipe, pipe2, mkfifo, mkfifoat, mknod(at) of a FIFO, open of a FIFO, socketpair, read,
// write, readv, writev, send, recv, sendto and recvfrom (without addresses), sendmsg and recvmsg
// (without ancillary data), shutdown, close, dup, dup2, dup3 and fcntl. A call on a
// descriptor Lockstep does not model (a regular file, the terminal, a pipe inherited from outside
// the run) forwards at once after a look-up in the process-local descriptor cache (descriptors.h).
//
// The models (models/src/pipe_model.cpp) decide what a call does; the real call then does
// exactly that and cannot block: a read takes no more than the buffer holds, a write no more
// than the model's room (the real pipe is made four times larger than the model's capacity, so
// the kernel's page-granular accounting never makes it full first), a FIFO is opened with
// O_NONBLOCK once the model says the open succeeds (a writer with a short-lived helper reader
// open, so that a reader that already left cannot make it fail), then its flags are restored.
// EOF, EAGAIN and EPIPE come from the model alone, with no real call: a process whose exit step
// is done may still hold its descriptors in the kernel for a moment. EPIPE raises the real
// SIGPIPE, whose default action ends the writer as on Linux.
#include "datagram_io.h" // SOCK_DGRAM pairs
#include "descriptors.h"
#include "file_locks.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"
#include "visible_op.h"

#include "lockstep/models/datagram_model.h" // SOCK_DGRAM pairs
#include "lockstep/models/descriptors.h"

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

using namespace lockstep::runtime;
namespace models = lockstep::models;

namespace {

constexpr int kMaxIov = 1024; // IOV_MAX

int failWith(int64_t negatedErrno) {
  errno = static_cast<int>(-negatedErrno);
  return -1;
}

uint32_t objectOf(uint32_t description) { return gControl->descriptions[description].object; }

bool nonblocking(uint32_t description) {
  return (gControl->descriptions[description].status & kDescriptionNonblock) != 0;
}

uint32_t accessOf(int flags) {
  switch (flags & O_ACCMODE) {
  case O_RDONLY:
    return kDescriptionRead;
  case O_WRONLY:
    return kDescriptionWrite;
  default:
    return kDescriptionRead | kDescriptionWrite;
  }
}

// The real pipe holds more than the model's capacity (see the file comment).
void enlargeRealPipe(int fd, uint64_t capacity) {
  uint64_t size = capacity * 4;
  if (size > models::kPipeMaxCapacity)
    size = models::kPipeMaxCapacity;
  if (LOCKSTEP_REAL(fcntl)(fd, F_GETPIPE_SZ) < static_cast<int>(size))
    LOCKSTEP_REAL(fcntl)(fd, F_SETPIPE_SZ, static_cast<int>(size));
}

int64_t clampCount(size_t count) {
  return count > INT64_MAX ? INT64_MAX : static_cast<int64_t>(count);
}

// --- pipe, FIFO creation and opening ------------------------------------------------------------

int makePipe(int fds[2], int flags, const void *pc) {
  performVisible(makeOp(OpKind::pipe_create, pc));
  if (LOCKSTEP_REAL(pipe2)(fds, flags) != 0)
    return -1;
  struct stat st {};
  fstat(fds[0], &st);
  bool fresh = false;
  const uint32_t object = pipeObject(st, true, false, "pipe", &fresh);
  enlargeRealPipe(fds[1], models::kPipeDefaultCapacity);
  const uint32_t status = (flags & O_NONBLOCK) != 0 ? kDescriptionNonblock : 0;
  const uint32_t fdFlags = (flags & O_CLOEXEC) != 0 ? kDescriptorCloexec : 0;
  registerDescriptor(fds[0], newDescription(object, kDescriptionRead, status), fdFlags);
  registerDescriptor(fds[1], newDescription(object, kDescriptionWrite, status), fdFlags);
  currentStep().object = object;
  return 0;
}

// The absolute path of a FIFO the execution created, for the checker to remove it afterwards.
void rememberFifo(int dirfd, const char *path) {
  ControlBlock &cb = *gControl;
  if (cb.namedCount >= kMaxNamed)
    return;
  char full[kPathSize];
  if (path[0] == '/') {
    snprintf(full, sizeof full, "%s", path);
  } else {
    char base[kPathSize] = {};
    if (dirfd == AT_FDCWD) {
      if (getcwd(base, sizeof base) == nullptr)
        return;
    } else {
      char link[64];
      snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
      const ssize_t n = readlink(link, base, sizeof base - 1);
      if (n <= 0)
        return;
      base[n] = '\0';
    }
    if (snprintf(full, sizeof full, "%s/%s", base, path) >= static_cast<int>(sizeof full))
      return;
  }
  NamedObjectRecord &record = cb.named[cb.namedCount++];
  record.kind = NamedKind::Fifo;
  snprintf(record.name, sizeof record.name, "%s", full);
}

int makeFifo(int dirfd, const char *path, mode_t mode, const void *pc) {
  performVisible(makeOp(OpKind::pipe_mkfifo, pc));
  if (LOCKSTEP_REAL(mkfifoat)(dirfd, path, mode) != 0)
    return -1;
  struct stat st {};
  if (fstatat(dirfd, path, &st, 0) == 0) {
    char where[kWhereSize];
    snprintf(where, sizeof where, "fifo %s", path);
    bool fresh = false;
    currentStep().object = pipeObject(st, true, true, where, &fresh);
  }
  rememberFifo(dirfd, path);
  return 0;
}

// A blocking FIFO open waits until the other side's open count moves past `seen`.
void waitForPeer(uint32_t object, bool forWriter, uint32_t seen, const void *pc) {
  PendingOp op = makeOp(OpKind::pipe_open_wait, pc, object);
  op.flags = forWriter ? models::kPipeWaitForWriter : 0;
  op.arg = seen;
  performVisible(op);
}

int openFifo(int dirfd, const char *path, int flags, mode_t mode, const struct stat &st,
             const void *pc) {
  char where[kWhereSize];
  snprintf(where, sizeof where, "fifo %s", path);
  bool fresh = false;
  const uint32_t object = pipeObject(st, false, true, where, &fresh);
  const uint32_t access = accessOf(flags);
  const bool nonblock = (flags & O_NONBLOCK) != 0;
  PendingOp op = makeOp(OpKind::pipe_open, pc, object);
  op.arg = access;
  op.flags = nonblock ? models::kPipeNonblockOpen : 0;
  const int64_t result = performVisible(op).result;
  if (result < 0)
    return failWith(result);
  const PipeState &pipe = gControl->objects[object].pipe;
  const bool waits = result == models::kPipeOpenWaits;
  const bool reader = (access & kDescriptionRead) != 0;
  const uint32_t seen = reader ? pipe.writeOpens : pipe.readOpens;
  if (waits && !reader)
    waitForPeer(object, false, seen, pc);
  int fd = -1;
  if (reader) {
    fd = LOCKSTEP_REAL(openat)(dirfd, path, flags | O_NONBLOCK, mode);
  } else {
    const int helper = LOCKSTEP_REAL(openat)(dirfd, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
    fd = LOCKSTEP_REAL(openat)(dirfd, path, flags | O_NONBLOCK, mode);
    if (helper >= 0)
      LOCKSTEP_REAL(close)(helper);
  }
  if (fd < 0) {
    const int saved = errno;
    models::pipeForgetOpen(*gControl, object, access);
    errno = saved;
    return -1;
  }
  if (!nonblock)
    LOCKSTEP_REAL(fcntl)(fd, F_SETFL, LOCKSTEP_REAL(fcntl)(fd, F_GETFL) & ~O_NONBLOCK);
  enlargeRealPipe(fd, gControl->objects[object].pipe.capacity);
  const uint32_t description = newDescription(object, access, nonblock ? kDescriptionNonblock : 0);
  registerDescriptor(fd, description, (flags & O_CLOEXEC) != 0 ? kDescriptorCloexec : 0);
  if (waits && reader)
    waitForPeer(object, true, seen, pc);
  return fd;
}

int openAny(int dirfd, const char *path, int flags, mode_t mode, const void *pc) {
  if (!modelled() || path == nullptr || (flags & O_PATH) != 0)
    return LOCKSTEP_REAL(openat)(dirfd, path, flags, mode);
  struct stat st {};
  if (fstatat(dirfd, path, &st, 0) != 0 || !S_ISFIFO(st.st_mode))
    return LOCKSTEP_REAL(openat)(dirfd, path, flags, mode);
  return openFifo(dirfd, path, flags, mode, st, pc);
}

mode_t modeArgument(int flags, va_list *args) {
  return (flags & (O_CREAT | O_TMPFILE)) != 0 ? static_cast<mode_t>(va_arg(*args, unsigned)) : 0;
}

// --- read and write ---------------------------------------------------------------------------

// A read of up to count bytes: the model says how many; `real(n)` reads them.
template <typename Real>
ssize_t pipeRead(uint32_t description, size_t count, const void *pc, Real real,
                 uint32_t callFlags = 0) {
  PendingOp op =
      makeOp(OpKind::pipe_read, pc, objectOf(description), static_cast<int32_t>(description));
  op.arg = clampCount(count);
  op.flags = callFlags;
  const int64_t result = performVisible(op).result;
  if (result < 0)
    return failWith(result);
  if (result == 0)
    return 0;
  currentStep().flags |= kStepGotData;
  return real(static_cast<size_t>(result));
}

// A write of count bytes, in several steps when it is large and blocking: the model says how
// many each step moves; `real(offset, n)` writes them.
template <typename Real>
ssize_t pipeWrite(uint32_t description, size_t count, const void *pc, Real real,
                  uint32_t callFlags = 0, bool sigpipe = true) {
  size_t done = 0;
  bool continued = false;
  for (;;) {
    PendingOp op =
        makeOp(OpKind::pipe_write, pc, objectOf(description), static_cast<int32_t>(description));
    op.arg = clampCount(count - done);
    op.flags = (continued ? models::kPipeContinued : 0) | callFlags;
    const int64_t result = performVisible(op).result;
    const uint8_t variant = currentStep().variant;
    if (result < 0) {
      if (result == -EPIPE && sigpipe)
        raise(SIGPIPE); // as pipe_write does; its default action ends the process
      if (done > 0)
        return static_cast<ssize_t>(done);
      return failWith(result);
    }
    if (result == 0)
      return static_cast<ssize_t>(done);
    const ssize_t written = real(done, static_cast<size_t>(result));
    if (written < 0)
      return done > 0 ? static_cast<ssize_t>(done) : -1;
    done += static_cast<size_t>(written);
    if (done >= count || variant == models::kPipeShort || nonblocking(description) ||
        (callFlags & models::kPipeCallNonblock) != 0)
      return static_cast<ssize_t>(done);
    continued = true;
  }
}

size_t iovTotal(const struct iovec *iov, int count) {
  size_t total = 0;
  for (int i = 0; i < count; ++i) {
    if (iov[i].iov_len > SIZE_MAX - total)
      return SIZE_MAX;
    total += iov[i].iov_len;
  }
  return total;
}

// The part of iov from byte `offset`, `bytes` long, into out (at most kMaxIov entries).
int sliceIov(const struct iovec *iov, int count, size_t offset, size_t bytes, struct iovec *out) {
  int n = 0;
  for (int i = 0; i < count && bytes > 0 && n < kMaxIov; ++i) {
    size_t len = iov[i].iov_len;
    char *base = static_cast<char *>(iov[i].iov_base);
    if (offset >= len) {
      offset -= len;
      continue;
    }
    base += offset;
    len -= offset;
    offset = 0;
    if (len > bytes)
      len = bytes;
    out[n++] = iovec{base, len};
    bytes -= len;
  }
  return n;
}

bool isSocketPair(uint32_t description) {
  return gControl->objects[objectOf(description)].family == ObjectFamily::Socket;
}

// The kernel accounts a socket's buffer by the memory of its messages, not their bytes: many
// small writes can fill it before the model's capacity. Such a write would block in the kernel;
// it is refused instead (MSG_DONTWAIT makes it return).
ssize_t checkedSocketWrite(ssize_t written, size_t wanted) {
  if (written >= 0 && static_cast<size_t>(written) == wanted)
    return written;
  refuseCall(nullptr, "write on a socket pair",
             "cannot follow here: the kernel's socket buffer filled before Lockstep's model of it "
             "(many small writes without reads)");
}

ssize_t realWrite(int fd, uint32_t description, const void *buf, size_t n) {
  if (!isSocketPair(description))
    return LOCKSTEP_REAL(write)(fd, buf, n);
  return checkedSocketWrite(LOCKSTEP_REAL(send)(fd, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL), n);
}

// The part of iov from offset, n bytes, sent on a socket (it cannot block: see
// checkedSocketWrite).
ssize_t socketWriteIov(int fd, const struct iovec *iov, int count, size_t offset, size_t n) {
  struct iovec slice[kMaxIov];
  struct msghdr message {};
  message.msg_iov = slice;
  message.msg_iovlen = static_cast<size_t>(sliceIov(iov, count, offset, n, slice));
  return checkedSocketWrite(LOCKSTEP_REAL(sendmsg)(fd, &message, MSG_DONTWAIT | MSG_NOSIGNAL), n);
}

// A datagram pair's data calls as messages (datagram_io.cpp): one buffer, or iovecs.
ssize_t datagramOut(int fd, uint32_t description, const void *buf, size_t n, int flags,
                    const void *pc, const struct sockaddr *address = nullptr,
                    socklen_t length = 0) {
  struct iovec one {
    const_cast<void *>(buf), n
  };
  struct msghdr message {};
  message.msg_iov = &one;
  message.msg_iovlen = 1;
  message.msg_name = const_cast<struct sockaddr *>(address);
  message.msg_namelen = address != nullptr ? length : 0;
  return datagramSend(fd, description, message, flags, pc);
}

ssize_t datagramIn(int fd, uint32_t description, void *buf, size_t n, int flags, const void *pc,
                   struct sockaddr *address = nullptr, socklen_t *length = nullptr) {
  struct iovec one {
    buf, n
  };
  struct msghdr message {};
  message.msg_iov = &one;
  message.msg_iovlen = 1;
  message.msg_name = address;
  message.msg_namelen = length != nullptr ? *length : 0;
  const ssize_t got = datagramReceive(fd, description, message, flags, pc);
  if (got >= 0 && length != nullptr)
    *length = message.msg_namelen;
  return got;
}

ssize_t datagramOutIov(int fd, uint32_t description, const struct iovec *iov, int count,
                       const void *pc) {
  struct msghdr message {};
  message.msg_iov = const_cast<struct iovec *>(iov);
  message.msg_iovlen = static_cast<size_t>(count);
  return datagramSend(fd, description, message, 0, pc);
}

ssize_t datagramInIov(int fd, uint32_t description, const struct iovec *iov, int count,
                      const void *pc) {
  struct msghdr message {};
  message.msg_iov = const_cast<struct iovec *>(iov);
  message.msg_iovlen = static_cast<size_t>(count);
  return datagramReceive(fd, description, message, 0, pc);
}

// --- dup ---------------------------------------------------------------------------------------

void dupStep(int oldfd, uint32_t description, const void *pc) {
  PendingOp op =
      makeOp(OpKind::fd_dup, pc, objectOf(description), static_cast<int32_t>(description));
  op.arg = oldfd;
  performVisible(op);
}

void closeStep(int fd, uint32_t description, const void *pc) {
  PendingOp op =
      makeOp(OpKind::fd_close, pc, objectOf(description), static_cast<int32_t>(description));
  op.arg = fd;
  performVisible(op);
  noteClosedSocket(op.object); // sockets
  forgetDescriptor(fd);
}

// dup2 and dup3: newfd is closed first when it is a modelled descriptor (a step of its own),
// then the dup; the real call does both at once afterwards.
template <typename Real>
int dupOnto(int oldfd, int newfd, bool cloexec, const void *pc, Real real) {
  if (!modelled())
    return real();
  const uint32_t from = localDescription(oldfd);
  const uint32_t onto = localDescription(newfd);
  if (oldfd == newfd || (from == models::kNoDescription && onto == models::kNoDescription))
    return real();
  if (onto != models::kNoDescription) {
    if (from == models::kNoDescription && LOCKSTEP_REAL(fcntl)(oldfd, F_GETFD) < 0)
      return real(); // EBADF: newfd stays open
    closeStep(newfd, onto, pc);
  }
  if (from != models::kNoDescription)
    dupStep(oldfd, from, pc);
  const int fd = real();
  if (fd >= 0 && from != models::kNoDescription)
    registerDescriptor(fd, from, cloexec ? kDescriptorCloexec : 0);
  return fd;
}

int fcntlCommon(int fd, int cmd, uintptr_t arg, const void *pc) {
  auto real = [&] { return LOCKSTEP_REAL(fcntl)(fd, cmd, arg); };
  if (!modelled())
    return real();
  if (isWaitingLockCommand(cmd))
    return fcntlLockWithoutWaiting(fd, cmd, arg, pc);
  const uint32_t description = localDescription(fd);
  if (description == models::kNoDescription)
    return real();
  if (isSocketPair(description) && (cmd == F_GETPIPE_SZ || cmd == F_SETPIPE_SZ))
    return real(); // not a pipe: EBADF
  switch (cmd) {
  case F_DUPFD:
  case F_DUPFD_CLOEXEC: {
    dupStep(fd, description, pc);
    const int copy = real();
    if (copy >= 0)
      registerDescriptor(copy, description, cmd == F_DUPFD_CLOEXEC ? kDescriptorCloexec : 0);
    return copy;
  }
  case F_SETFL:
  case F_SETPIPE_SZ: {
    PendingOp op =
        makeOp(OpKind::fd_fcntl, pc, objectOf(description), static_cast<int32_t>(description));
    op.flags = static_cast<uint32_t>(cmd);
    op.arg = static_cast<int64_t>(static_cast<int>(arg));
    const int64_t result = performVisible(op).result;
    if (result < 0)
      return failWith(result);
    if (cmd == F_SETFL)
      return real();
    enlargeRealPipe(fd, static_cast<uint64_t>(result));
    return static_cast<int>(result);
  }
  case F_GETPIPE_SZ:
    return static_cast<int>(gControl->objects[objectOf(description)].pipe.capacity);
  case F_SETFD: {
    const int rc = real();
    if (rc == 0)
      setDescriptorFlags(fd, (arg & FD_CLOEXEC) != 0 ? kDescriptorCloexec : 0);
    return rc;
  }
  default:
    return real();
  }
}

} // namespace

extern "C" int pipe(int fds[2]) {
  if (!modelled())
    return LOCKSTEP_REAL(pipe)(fds);
  return makePipe(fds, 0, __builtin_return_address(0));
}

extern "C" int pipe2(int fds[2], int flags) {
  if (!modelled())
    return LOCKSTEP_REAL(pipe2)(fds, flags);
  return makePipe(fds, flags, __builtin_return_address(0));
}

extern "C" int mkfifo(const char *path, mode_t mode) {
  if (!modelled())
    return LOCKSTEP_REAL(mkfifo)(path, mode);
  return makeFifo(AT_FDCWD, path, mode, __builtin_return_address(0));
}

extern "C" int mkfifoat(int dirfd, const char *path, mode_t mode) {
  if (!modelled())
    return LOCKSTEP_REAL(mkfifoat)(dirfd, path, mode);
  return makeFifo(dirfd, path, mode, __builtin_return_address(0));
}

extern "C" int mknod(const char *path, mode_t mode, dev_t dev) {
  if (!modelled() || !S_ISFIFO(mode))
    return LOCKSTEP_REAL(mknod)(path, mode, dev);
  return makeFifo(AT_FDCWD, path, mode & ~S_IFMT, __builtin_return_address(0));
}

extern "C" int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev) {
  if (!modelled() || !S_ISFIFO(mode))
    return LOCKSTEP_REAL(mknodat)(dirfd, path, mode, dev);
  return makeFifo(dirfd, path, mode & ~S_IFMT, __builtin_return_address(0));
}

extern "C" int open(const char *path, int flags, ...) {
  va_list args;
  va_start(args, flags);
  const mode_t mode = modeArgument(flags, &args);
  va_end(args);
  return openAny(AT_FDCWD, path, flags, mode, __builtin_return_address(0));
}

extern "C" int open64(const char *path, int flags, ...) {
  va_list args;
  va_start(args, flags);
  const mode_t mode = modeArgument(flags, &args);
  va_end(args);
  return openAny(AT_FDCWD, path, flags, mode, __builtin_return_address(0));
}

extern "C" int openat(int dirfd, const char *path, int flags, ...) {
  va_list args;
  va_start(args, flags);
  const mode_t mode = modeArgument(flags, &args);
  va_end(args);
  return openAny(dirfd, path, flags, mode, __builtin_return_address(0));
}

extern "C" int openat64(int dirfd, const char *path, int flags, ...) {
  va_list args;
  va_start(args, flags);
  const mode_t mode = modeArgument(flags, &args);
  va_end(args);
  return openAny(dirfd, path, flags, mode, __builtin_return_address(0));
}

// The _FORTIFY_SOURCE entry points (no mode: O_CREAT is refused by them).
extern "C" int __open_2(const char *path, int flags) {
  return openAny(AT_FDCWD, path, flags, 0, __builtin_return_address(0));
}
extern "C" int __open64_2(const char *path, int flags) {
  return openAny(AT_FDCWD, path, flags, 0, __builtin_return_address(0));
}
extern "C" int __openat_2(int dirfd, const char *path, int flags) {
  return openAny(dirfd, path, flags, 0, __builtin_return_address(0));
}
extern "C" int __openat64_2(int dirfd, const char *path, int flags) {
  return openAny(dirfd, path, flags, 0, __builtin_return_address(0));
}

extern "C" ssize_t read(int fd, void *buf, size_t count) {
  if (!modelled())
    return LOCKSTEP_REAL(read)(fd, buf, count);
  const uint32_t description = localDescription(fd);
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(read)(fd, buf, count);
  if (isDatagramDescription(description)) // a read of nothing takes nothing (sock_read_iter)
    return count == 0 ? 0 : datagramIn(fd, description, buf, count, 0, __builtin_return_address(0));
  return pipeRead(description, count, __builtin_return_address(0),
                  [&](size_t n) { return LOCKSTEP_REAL(read)(fd, buf, n); });
}

extern "C" ssize_t __read_chk(int fd, void *buf, size_t count, size_t size) {
  if (count > size)
    abort(); // what glibc's __chk_fail does, minus its message
  return read(fd, buf, count);
}

extern "C" ssize_t write(int fd, const void *buf, size_t count) {
  if (!modelled())
    return LOCKSTEP_REAL(write)(fd, buf, count);
  const uint32_t description = localDescription(fd);
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(write)(fd, buf, count);
  if (isDatagramDescription(description))
    return datagramOut(fd, description, buf, count, 0, __builtin_return_address(0));
  return pipeWrite(description, count, __builtin_return_address(0), [&](size_t offset, size_t n) {
    return realWrite(fd, description, static_cast<const char *>(buf) + offset, n);
  });
}

extern "C" ssize_t readv(int fd, const struct iovec *iov, int count) {
  if (!modelled() || count < 0 || count > kMaxIov)
    return LOCKSTEP_REAL(readv)(fd, iov, count);
  const uint32_t description = localDescription(fd);
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(readv)(fd, iov, count);
  if (isDatagramDescription(description)) // a read of nothing takes nothing (sock_read_iter)
    return iovTotal(iov, count) == 0
               ? 0
               : datagramInIov(fd, description, iov, count, __builtin_return_address(0));
  return pipeRead(description, iovTotal(iov, count), __builtin_return_address(0), [&](size_t n) {
    struct iovec slice[kMaxIov];
    return LOCKSTEP_REAL(readv)(fd, slice, sliceIov(iov, count, 0, n, slice));
  });
}

extern "C" ssize_t writev(int fd, const struct iovec *iov, int count) {
  if (!modelled() || count < 0 || count > kMaxIov)
    return LOCKSTEP_REAL(writev)(fd, iov, count);
  const uint32_t description = localDescription(fd);
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(writev)(fd, iov, count);
  if (isDatagramDescription(description))
    return datagramOutIov(fd, description, iov, count, __builtin_return_address(0));
  return pipeWrite(
      description, iovTotal(iov, count), __builtin_return_address(0), [&](size_t offset, size_t n) {
        if (!isSocketPair(description)) {
          struct iovec slice[kMaxIov];
          return LOCKSTEP_REAL(writev)(fd, slice, sliceIov(iov, count, offset, n, slice));
        }
        return socketWriteIov(fd, iov, count, offset, n);
      });
}

extern "C" int close(int fd) {
  if (!modelled())
    return LOCKSTEP_REAL(close)(fd);
  const uint32_t description = localDescription(fd);
  if (description != models::kNoDescription)
    closeStep(fd, description, __builtin_return_address(0));
  return LOCKSTEP_REAL(close)(fd);
}

extern "C" int dup(int oldfd) {
  if (!modelled())
    return LOCKSTEP_REAL(dup)(oldfd);
  const uint32_t description = localDescription(oldfd);
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(dup)(oldfd);
  dupStep(oldfd, description, __builtin_return_address(0));
  const int fd = LOCKSTEP_REAL(dup)(oldfd);
  if (fd >= 0)
    registerDescriptor(fd, description, 0);
  return fd;
}

extern "C" int dup2(int oldfd, int newfd) {
  return dupOnto(oldfd, newfd, false, __builtin_return_address(0),
                 [&] { return LOCKSTEP_REAL(dup2)(oldfd, newfd); });
}

extern "C" int dup3(int oldfd, int newfd, int flags) {
  return dupOnto(oldfd, newfd, (flags & O_CLOEXEC) != 0, __builtin_return_address(0),
                 [&] { return LOCKSTEP_REAL(dup3)(oldfd, newfd, flags); });
}

extern "C" int fcntl(int fd, int cmd, ...) {
  va_list args;
  va_start(args, cmd);
  const auto arg = va_arg(args, uintptr_t); // as glibc does: every command takes one word
  va_end(args);
  return fcntlCommon(fd, cmd, arg, __builtin_return_address(0));
}

extern "C" int fcntl64(int fd, int cmd, ...) {
  va_list args;
  va_start(args, cmd);
  const auto arg = va_arg(args, uintptr_t);
  va_end(args);
  return fcntlCommon(fd, cmd, arg, __builtin_return_address(0));
}

// --- AF_UNIX stream socket pairs: two pipe-like channels (models/src/pipe_model.cpp) ---------

namespace {

// send/recv flags modelled on a socket pair; MSG_NOSIGNAL only for send, MSG_WAITALL for recv.
constexpr int kSendFlags = MSG_DONTWAIT | MSG_NOSIGNAL;
constexpr int kRecvFlags = MSG_DONTWAIT | MSG_WAITALL;

ssize_t socketSend(int fd, uint32_t description, const void *buf, size_t n, int flags,
                   const void *pc) {
  if (isDatagramDescription(description))
    return datagramOut(fd, description, buf, n, flags, pc);
  if ((flags & ~kSendFlags) != 0)
    refuseCall(pc, "send with flags other than MSG_DONTWAIT and MSG_NOSIGNAL", "does not model");
  return pipeWrite(
      description, n, pc,
      [&](size_t offset, size_t chunk) {
        return realWrite(fd, description, static_cast<const char *>(buf) + offset, chunk);
      },
      (flags & MSG_DONTWAIT) != 0 ? models::kPipeCallNonblock : 0, (flags & MSG_NOSIGNAL) == 0);
}

// A receive of n bytes; `real(offset, chunk)` reads chunk bytes into the caller's buffer at
// offset.
template <typename Real>
ssize_t socketReceive(uint32_t description, size_t n, int flags, const void *pc, Real real) {
  if ((flags & ~kRecvFlags) != 0)
    refuseCall(pc, "recv with flags other than MSG_DONTWAIT and MSG_WAITALL", "does not model");
  const uint32_t callFlags = (flags & MSG_DONTWAIT) != 0 ? models::kPipeCallNonblock : 0;
  size_t done = 0;
  do { // MSG_WAITALL: until n bytes, EOF or an error
    const ssize_t got = pipeRead(
        description, n - done, pc, [&](size_t chunk) { return real(done, chunk); }, callFlags);
    if (got < 0)
      return done > 0 ? static_cast<ssize_t>(done) : -1;
    if (got == 0)
      break;
    done += static_cast<size_t>(got);
  } while ((flags & MSG_WAITALL) != 0 && done < n);
  return static_cast<ssize_t>(done);
}

ssize_t socketRecv(int fd, uint32_t description, void *buf, size_t n, int flags, const void *pc) {
  if (isDatagramDescription(description))
    return datagramIn(fd, description, buf, n, flags, pc);
  return socketReceive(description, n, flags, pc, [&](size_t offset, size_t chunk) {
    return LOCKSTEP_REAL(read)(fd, static_cast<char *>(buf) + offset, chunk);
  });
}

} // namespace

extern "C" int socketpair(int domain, int type, int protocol, int fds[2]) {
  if (!modelled())
    return LOCKSTEP_REAL(socketpair)(domain, type, protocol, fds);
  const void *pc = __builtin_return_address(0);
  const int kind = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (domain != AF_UNIX || (kind != SOCK_STREAM && kind != SOCK_DGRAM))
    refuseCall(pc, "socketpair",
               "does not model yet but for AF_UNIX SOCK_STREAM and SOCK_DGRAM pairs (other "
               "sockets are not modelled)");
  performVisible(makeOp(OpKind::pipe_create, pc));
  if (LOCKSTEP_REAL(socketpair)(domain, type, protocol, fds) != 0)
    return -1;
  struct stat st {};
  fstat(fds[0], &st);
  const uint32_t object = socketPairObject(st);
  if (kind == SOCK_DGRAM) {
    // The real buffers stay as they are: they decide when a sender must wait (datagram_io.cpp).
    uint32_t sendBuffer[2] = {};
    for (int end = 0; end < 2; ++end) {
      int size = 0;
      socklen_t length = sizeof size;
      LOCKSTEP_REAL(getsockopt)(fds[end], SOL_SOCKET, SO_SNDBUF, &size, &length);
      sendBuffer[end] = size > 0 ? static_cast<uint32_t>(size) : 0;
    }
    models::datagramPairInit(*gControl, object, sendBuffer);
  } else {
    enlargeRealSocket(fds[0]);
    enlargeRealSocket(fds[1]);
  }
  const uint32_t status = (type & SOCK_NONBLOCK) != 0 ? kDescriptionNonblock : 0;
  const uint32_t fdFlags = (type & SOCK_CLOEXEC) != 0 ? kDescriptorCloexec : 0;
  const uint32_t both = kDescriptionRead | kDescriptionWrite;
  registerDescriptor(fds[0], newDescription(object, both, status), fdFlags);
  registerDescriptor(fds[1], newDescription(object, both | kDescriptionSide1, status), fdFlags);
  currentStep().object = object;
  return 0;
}

extern "C" ssize_t send(int fd, const void *buf, size_t n, int flags) {
  if (!modelled())
    return LOCKSTEP_REAL(send)(fd, buf, n, flags);
  const uint32_t description = localDescription(fd);
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(send)(fd, buf, n, flags);
  return socketSend(fd, description, buf, n, flags, __builtin_return_address(0));
}

extern "C" ssize_t sendto(int fd, const void *buf, size_t n, int flags,
                          const struct sockaddr *address, socklen_t length) {
  if (!modelled())
    return LOCKSTEP_REAL(sendto)(fd, buf, n, flags, address, length);
  const uint32_t description = localDescription(fd);
  if (description != models::kNoDescription && isDatagramDescription(description))
    return datagramOut(fd, description, buf, n, flags, __builtin_return_address(0), address,
                       length);
  if (description == models::kNoDescription || address != nullptr)
    return LOCKSTEP_REAL(sendto)(fd, buf, n, flags, address, length); // EISCONN on a pair
  return socketSend(fd, description, buf, n, flags, __builtin_return_address(0));
}

extern "C" ssize_t recv(int fd, void *buf, size_t n, int flags) {
  if (!modelled())
    return LOCKSTEP_REAL(recv)(fd, buf, n, flags);
  const uint32_t description = localDescription(fd);
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(recv)(fd, buf, n, flags);
  return socketRecv(fd, description, buf, n, flags, __builtin_return_address(0));
}

extern "C" ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *address,
                            socklen_t *length) {
  if (!modelled())
    return LOCKSTEP_REAL(recvfrom)(fd, buf, n, flags, address, length);
  const uint32_t description = localDescription(fd);
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(recvfrom)(fd, buf, n, flags, address, length);
  if (isDatagramDescription(description))
    return datagramIn(fd, description, buf, n, flags, __builtin_return_address(0), address, length);
  if (length != nullptr)
    *length = 0; // a socket pair's peer has no address
  return socketRecv(fd, description, buf, n, flags, __builtin_return_address(0));
}

// sendmsg and recvmsg on a stream socket: send and recv over the message's iovecs (the address,
// if any, is not used on a connected stream). Ancillary data (SCM_RIGHTS, SCM_CREDENTIALS) is
// refused; none is ever received, since no modelled sender can send any.
extern "C" ssize_t sendmsg(int fd, const struct msghdr *message, int flags) {
  if (!modelled() || message == nullptr)
    return LOCKSTEP_REAL(sendmsg)(fd, message, flags);
  const uint32_t description = localDescription(fd);
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(sendmsg)(fd, message, flags);
  const void *pc = __builtin_return_address(0);
  if (isDatagramDescription(description))
    return datagramSend(fd, description, *message, flags, pc);
  if (message->msg_controllen > 0)
    refuseCall(pc, "sendmsg with ancillary data (SCM_RIGHTS, SCM_CREDENTIALS)",
               "does not model yet");
  if ((flags & ~kSendFlags) != 0)
    refuseCall(pc, "sendmsg with flags other than MSG_DONTWAIT and MSG_NOSIGNAL", "does not model");
  const struct iovec *iov = message->msg_iov;
  const auto count = static_cast<int>(message->msg_iovlen);
  if (message->msg_iovlen > static_cast<size_t>(kMaxIov))
    return failWith(-EMSGSIZE);
  return pipeWrite(
      description, iovTotal(iov, count), pc,
      [&](size_t offset, size_t n) { return socketWriteIov(fd, iov, count, offset, n); },
      (flags & MSG_DONTWAIT) != 0 ? models::kPipeCallNonblock : 0, (flags & MSG_NOSIGNAL) == 0);
}

extern "C" ssize_t recvmsg(int fd, struct msghdr *message, int flags) {
  if (!modelled() || message == nullptr)
    return LOCKSTEP_REAL(recvmsg)(fd, message, flags);
  const uint32_t description = localDescription(fd);
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(recvmsg)(fd, message, flags);
  if (isDatagramDescription(description))
    return datagramReceive(fd, description, *message, flags, __builtin_return_address(0));
  if (message->msg_iovlen > static_cast<size_t>(kMaxIov))
    return failWith(-EMSGSIZE);
  const struct iovec *iov = message->msg_iov;
  const auto count = static_cast<int>(message->msg_iovlen);
  const ssize_t got = socketReceive(description, iovTotal(iov, count), flags,
                                    __builtin_return_address(0), [&](size_t offset, size_t n) {
                                      struct iovec slice[kMaxIov];
                                      return LOCKSTEP_REAL(readv)(
                                          fd, slice, sliceIov(iov, count, offset, n, slice));
                                    });
  if (got >= 0) {
    message->msg_namelen = 0;
    message->msg_controllen = 0;
    message->msg_flags = 0;
  }
  return got;
}

extern "C" int shutdown(int fd, int how) {
  if (!modelled())
    return LOCKSTEP_REAL(shutdown)(fd, how);
  const uint32_t description = localDescription(fd);
  if (description == models::kNoDescription)
    return LOCKSTEP_REAL(shutdown)(fd, how);
  PendingOp op = makeOp(OpKind::fd_shutdown, __builtin_return_address(0), objectOf(description),
                        static_cast<int32_t>(description));
  op.flags = static_cast<uint32_t>(how);
  const int64_t result = performVisible(op).result;
  if (result < 0)
    return failWith(result);
  return LOCKSTEP_REAL(shutdown)(fd, how);
}
