// Interceptors for POSIX message queues (mq_overview(7)). A queue is named by its inode in the
// mqueue filesystem (fstat of the descriptor), so every process and every open of one name agree.
// The model (models/src/message_queue_model.cpp) decides whether a send or receive can proceed;
// the real call is made only once it cannot block, on the real queue, which keeps the messages
// and their priorities. O_NONBLOCK belongs to the open description (shared across fork), so it
// is read from the kernel at every call. Errors that do not depend on the queue's state (a bad
// descriptor, a message too long, an invalid priority or deadline) are found before the step.
// Queues an execution creates are recorded and removed by the checker after it.
#include "kernel_objects.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"
#include "virtual_time.h"
#include "visible_op.h"

#include "lockstep/models/ipc_models.h"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <fcntl.h>
#include <mqueue.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace lockstep::runtime;
namespace models = lockstep::models;

namespace {

constexpr long kMqPrioMax = 32768; // MQ_PRIO_MAX on Linux

// The object of a descriptor, or kNoObject (EBADF). A queue seen for the first time takes its
// attributes and current message count from the kernel.
uint32_t queueOf(mqd_t mqd, bool refresh = false) {
  struct stat st {};
  mq_attr attr{};
  if (LOCKSTEP_REAL(fstat)(mqd, &st) != 0 || LOCKSTEP_REAL(mq_getattr)(mqd, &attr) != 0)
    return kNoObject;
  ObjectKey key{};
  key.space = KeySpace::Kernel;
  key.device = st.st_dev;
  key.inode = st.st_ino;
  bool created = false;
  const uint32_t object = objectForKey(key, ObjectFamily::MessageQueue, &created);
  if (created || refresh) {
    MessageQueueState &q = gControl->objects[object].mq;
    q.maxMessages = attr.mq_maxmsg;
    q.messageSize = attr.mq_msgsize;
    q.count = attr.mq_curmsgs;
  }
  return object;
}

bool queueExists(const char *name) {
  const mqd_t probe = LOCKSTEP_REAL(mq_open)(name, O_RDONLY);
  if (probe != static_cast<mqd_t>(-1)) {
    LOCKSTEP_REAL(mq_close)(probe);
    return true;
  }
  return errno == EACCES;
}

int failWith(int error) {
  errno = error;
  return -1;
}

bool invalidDeadline(const timespec *deadline) {
  return deadline != nullptr && (deadline->tv_nsec < 0 || deadline->tv_nsec >= 1000000000L);
}

// The step of a send or receive: 0, or a negated errno value. `wrongMode` is the access mode
// that cannot do this (O_RDONLY for a send), `sizeError` whether the length is wrong.
int64_t transferStep(OpKind kind, mqd_t mqd, size_t length, unsigned priority, bool timed,
                     const timespec *deadline, const void *pc) {
  const uint32_t object = queueOf(mqd);
  if (object == kNoObject)
    return -EBADF;
  const int flags = LOCKSTEP_REAL(fcntl)(mqd, F_GETFL);
  mq_attr attr{};
  LOCKSTEP_REAL(mq_getattr)(mqd, &attr);
  const int wrongMode = kind == OpKind::mq_send ? O_RDONLY : O_WRONLY;
  PendingOp op = makeOp(kind, pc, object);
  int error = 0;
  if ((flags & O_ACCMODE) == wrongMode)
    error = EBADF;
  else if (kind == OpKind::mq_send ? length > static_cast<size_t>(attr.mq_msgsize)
                                   : length < static_cast<size_t>(attr.mq_msgsize))
    error = EMSGSIZE;
  else if (kind == OpKind::mq_send && priority >= kMqPrioMax)
    error = EINVAL;
  else if (timed && invalidDeadline(deadline))
    error = EINVAL;
  if (error != 0) {
    op.flags = models::kIpcFailsAtOnce;
    op.arg = error;
  } else {
    op.flags = ((attr.mq_flags & O_NONBLOCK) != 0 ? models::kIpcNonblocking : 0) |
               (timed ? models::kIpcTimed : 0);
  }
  const int64_t result = performVisible(op).result;
  if (result == -ETIMEDOUT)
    timedOutAt(CLOCK_REALTIME, deadline);
  return result;
}

int sendMessage(mqd_t mqd, const char *message, size_t length, unsigned priority, bool timed,
                const timespec *deadline, const void *pc) {
  const int64_t rc = transferStep(OpKind::mq_send, mqd, length, priority, timed, deadline, pc);
  if (rc < 0)
    return failWith(static_cast<int>(-rc));
  return LOCKSTEP_REAL(mq_send)(mqd, message, length, priority); // a slot is free: no block
}

ssize_t receiveMessage(mqd_t mqd, char *buffer, size_t length, unsigned *priority, bool timed,
                       const timespec *deadline, const void *pc) {
  const int64_t rc = transferStep(OpKind::mq_receive, mqd, length, 0, timed, deadline, pc);
  if (rc < 0)
    return failWith(static_cast<int>(-rc));
  return LOCKSTEP_REAL(mq_receive)(mqd, buffer, length, priority); // a message is there
}

} // namespace

extern "C" mqd_t mq_open(const char *name, int oflag, ...) {
  mode_t mode = 0;
  mq_attr *attr = nullptr;
  if ((oflag & O_CREAT) != 0) {
    va_list args;
    va_start(args, oflag);
    mode = static_cast<mode_t>(va_arg(args, unsigned));
    attr = va_arg(args, mq_attr *);
    va_end(args);
  }
  if (!modelled())
    return LOCKSTEP_REAL(mq_open)(name, oflag, mode, attr);
  const void *pc = __builtin_return_address(0);
  if ((oflag & O_CREAT) != 0)
    reserveNamedSlot(pc, "mq_open");
  performVisible(makeOp(OpKind::mq_open, pc));
  const bool existed = queueExists(name);
  const mqd_t mqd = LOCKSTEP_REAL(mq_open)(name, oflag, mode, attr);
  if (mqd == static_cast<mqd_t>(-1))
    return mqd;
  const bool created = !existed;
  if (created)
    rememberNamed(NamedKind::MessageQueue, name);
  // A queue this call created may reuse the inode of one unlinked earlier: its state is new.
  const uint32_t object = queueOf(mqd, created);
  if (object != kNoObject) {
    snprintf(gControl->objects[object].where, kWhereSize, "mq %s", name);
    currentStep().object = object;
  }
  return mqd;
}

extern "C" int mq_unlink(const char *name) {
  if (!modelled())
    return LOCKSTEP_REAL(mq_unlink)(name);
  performVisible(makeOp(OpKind::mq_unlink, __builtin_return_address(0)));
  return LOCKSTEP_REAL(mq_unlink)(name);
}

extern "C" int mq_send(mqd_t mqd, const char *message, size_t length, unsigned priority) {
  if (!modelled())
    return LOCKSTEP_REAL(mq_send)(mqd, message, length, priority);
  return sendMessage(mqd, message, length, priority, false, nullptr, __builtin_return_address(0));
}

extern "C" int mq_timedsend(mqd_t mqd, const char *message, size_t length, unsigned priority,
                            const struct timespec *deadline) {
  if (!modelled())
    return LOCKSTEP_REAL(mq_timedsend)(mqd, message, length, priority, deadline);
  return sendMessage(mqd, message, length, priority, true, deadline, __builtin_return_address(0));
}

extern "C" ssize_t mq_receive(mqd_t mqd, char *buffer, size_t length, unsigned *priority) {
  if (!modelled())
    return LOCKSTEP_REAL(mq_receive)(mqd, buffer, length, priority);
  return receiveMessage(mqd, buffer, length, priority, false, nullptr, __builtin_return_address(0));
}

extern "C" ssize_t mq_timedreceive(mqd_t mqd, char *buffer, size_t length, unsigned *priority,
                                   const struct timespec *deadline) {
  if (!modelled())
    return LOCKSTEP_REAL(mq_timedreceive)(mqd, buffer, length, priority, deadline);
  return receiveMessage(mqd, buffer, length, priority, true, deadline, __builtin_return_address(0));
}

extern "C" int mq_getattr(mqd_t mqd, struct mq_attr *attr) {
  if (!modelled())
    return LOCKSTEP_REAL(mq_getattr)(mqd, attr);
  const uint32_t object = queueOf(mqd);
  if (object == kNoObject)
    return failWith(EBADF);
  performVisible(makeOp(OpKind::mq_getattr, __builtin_return_address(0), object));
  return LOCKSTEP_REAL(mq_getattr)(mqd, attr);
}

extern "C" int mq_setattr(mqd_t mqd, const struct mq_attr *attr, struct mq_attr *old) {
  if (!modelled())
    return LOCKSTEP_REAL(mq_setattr)(mqd, attr, old);
  const uint32_t object = queueOf(mqd);
  if (object == kNoObject)
    return failWith(EBADF);
  performVisible(makeOp(OpKind::mq_setattr, __builtin_return_address(0), object));
  return LOCKSTEP_REAL(mq_setattr)(mqd, attr, old);
}

extern "C" int mq_notify(mqd_t mqd, const struct sigevent *event) {
  if (!modelled())
    return LOCKSTEP_REAL(mq_notify)(mqd, event);
  refuseCall(__builtin_return_address(0), "mq_notify",
             "does not model yet (asynchronous notification by signal or thread); poll the "
             "queue with mq_receive instead");
}
