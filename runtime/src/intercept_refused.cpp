// Calls Lockstep does not model yet, which would otherwise run outside the scheduler (and block
// in the kernel, or move data the models do not see): they stop the run with an `unsupported`
// verdict naming the call (sockets: intercept_socket.cpp refuses what it does not model;
// epoll: intercept_epoll.cpp refuses what it does not model); signalfd, eventfd, timerfd, inotify;
// process_vm_readv/writev; io_uring reached through syscall(2), whose other numbers are forwarded;
// and, on a modelled pipe, the calls that move its bytes in the kernel (splice, tee, vmsplice,
// sendfile) or inside libc (a stdio stream from fdopen).
#include "descriptors.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "visible_op.h"

#include "lockstep/models/descriptors.h"

#include <cstdarg>
#include <cstdio>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <unistd.h>

using namespace lockstep::runtime;

namespace {

constexpr const char *kNotModelled = "does not model yet";
constexpr const char *kNotOnPipes = "does not model yet on a pipe";

bool isModelled(int fd) { return localDescription(fd) != lockstep::models::kNoDescription; }

} // namespace

#define LOCKSTEP_REFUSE(call, advice)                                                              \
  do {                                                                                             \
    if (modelled())                                                                                \
      refuseCall(__builtin_return_address(0), call, advice);                                       \
  } while (0)

extern "C" int signalfd(int fd, const sigset_t *mask, int flags) {
  LOCKSTEP_REFUSE("signalfd", kNotModelled);
  return LOCKSTEP_REAL(signalfd)(fd, mask, flags);
}

extern "C" int eventfd(unsigned int initial, int flags) {
  LOCKSTEP_REFUSE("eventfd", kNotModelled);
  return LOCKSTEP_REAL(eventfd)(initial, flags);
}

extern "C" int timerfd_create(int clock, int flags) {
  LOCKSTEP_REFUSE("timerfd_create", kNotModelled);
  return LOCKSTEP_REAL(timerfd_create)(clock, flags);
}

extern "C" int inotify_init() {
  LOCKSTEP_REFUSE("inotify_init", kNotModelled);
  return LOCKSTEP_REAL(inotify_init)();
}

extern "C" int inotify_init1(int flags) {
  LOCKSTEP_REFUSE("inotify_init1", kNotModelled);
  return LOCKSTEP_REAL(inotify_init1)(flags);
}

extern "C" ssize_t process_vm_readv(pid_t pid, const struct iovec *local, unsigned long nlocal,
                                    const struct iovec *remote, unsigned long nremote,
                                    unsigned long flags) {
  LOCKSTEP_REFUSE("process_vm_readv", kNotModelled);
  return LOCKSTEP_REAL(process_vm_readv)(pid, local, nlocal, remote, nremote, flags);
}

extern "C" ssize_t process_vm_writev(pid_t pid, const struct iovec *local, unsigned long nlocal,
                                     const struct iovec *remote, unsigned long nremote,
                                     unsigned long flags) {
  LOCKSTEP_REFUSE("process_vm_writev", kNotModelled);
  return LOCKSTEP_REAL(process_vm_writev)(pid, local, nlocal, remote, nremote, flags);
}

#define LOCKSTEP_REFUSE_ON_PIPE(call, fd1, fd2)                                                    \
  do {                                                                                             \
    if (modelled() && (isModelled(fd1) || isModelled(fd2)))                                        \
      refuseCall(__builtin_return_address(0), call, kNotOnPipes);                                  \
  } while (0)

extern "C" ssize_t splice(int in, loff_t *inOffset, int out, loff_t *outOffset, size_t length,
                          unsigned int flags) {
  LOCKSTEP_REFUSE_ON_PIPE("splice", in, out);
  return LOCKSTEP_REAL(splice)(in, inOffset, out, outOffset, length, flags);
}

extern "C" ssize_t tee(int in, int out, size_t length, unsigned int flags) {
  LOCKSTEP_REFUSE_ON_PIPE("tee", in, out);
  return LOCKSTEP_REAL(tee)(in, out, length, flags);
}

extern "C" ssize_t vmsplice(int fd, const struct iovec *iov, size_t count, unsigned int flags) {
  LOCKSTEP_REFUSE_ON_PIPE("vmsplice", fd, fd);
  return LOCKSTEP_REAL(vmsplice)(fd, iov, count, flags);
}

extern "C" ssize_t sendfile(int out, int in, off_t *offset, size_t count) {
  LOCKSTEP_REFUSE_ON_PIPE("sendfile", in, out);
  return LOCKSTEP_REAL(sendfile)(out, in, offset, count);
}

extern "C" FILE *fdopen(int fd, const char *mode) {
  if (modelled() && isModelled(fd))
    refuseCall(__builtin_return_address(0), "fdopen",
               "does not model on a pipe (a stdio stream does its I/O inside libc, out of "
               "Lockstep's view; use read and write)");
  return LOCKSTEP_REAL(fdopen)(fd, mode);
}

// syscall(2): io_uring is refused; every other number goes to the kernel unchanged.
extern "C" long syscall(long number, ...) {
  va_list args;
  va_start(args, number);
  long a[6];
  for (long &word : a)
    word = va_arg(args, long);
  va_end(args);
  if (modelled()) {
    if (number == SYS_io_uring_setup)
      refuseCall(__builtin_return_address(0), "io_uring_setup (through syscall)",
                 "does not model (io_uring is not modelled)");
    if (number == SYS_io_uring_enter)
      refuseCall(__builtin_return_address(0), "io_uring_enter (through syscall)",
                 "does not model (io_uring is not modelled)");
    if (number == SYS_io_uring_register)
      refuseCall(__builtin_return_address(0), "io_uring_register (through syscall)",
                 "does not model (io_uring is not modelled)");
  }
  return LOCKSTEP_REAL(syscall)(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}
