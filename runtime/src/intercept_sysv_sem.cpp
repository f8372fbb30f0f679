// Interceptors for System V semaphores: semget, semop, semtimedop, semctl. A set is named by its
// id (KeySpace::SysV), so every process agrees. The model (models/src/sysv_semaphore_model.cpp)
// decides whether a semop proceeds; its operations travel in the agent's payload because other
// agents' steps decide its enabledness. The real semop is then made with IPC_NOWAIT added: it
// cannot block, and while a process that exited has not yet had its SEM_UNDO adjustments applied
// by the kernel (the model applies them at its exit step), it is retried. Sets an execution
// creates are recorded and removed by the checker (semctl IPC_RMID) after it.
#include "kernel_objects.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "sysv_get.h"
#include "turn.h"
#include "virtual_time.h"
#include "visible_op.h"

#include "lockstep/models/ipc_models.h"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <sys/ipc.h>
#include <sys/sem.h>

using namespace lockstep::runtime;
namespace models = lockstep::models;

namespace {

union SemctlArg { // semctl(2): the caller defines it
  int val;
  semid_ds *buf;
  unsigned short *array;
};

int failWith(int error) {
  errno = error;
  return -1;
}

// The object of a set id, or kNoObject when the kernel knows no such set. A set seen for the
// first time (or `fresh`, just created) takes its size and values from the kernel.
uint32_t setOf(int semid, const void *pc, bool fresh = false) {
  semid_ds ds{};
  SemctlArg arg{};
  arg.buf = &ds;
  if (semid < 0 || LOCKSTEP_REAL(semctl)(semid, 0, IPC_STAT, arg) != 0)
    return kNoObject;
  if (ds.sem_nsems > static_cast<unsigned long>(kMaxSysvSems))
    refuseCall(pc, "a System V semaphore set of more than 32 semaphores",
               "cannot follow yet (its model holds 32)");
  ObjectKey key{};
  key.space = KeySpace::SysV;
  key.device = static_cast<uint64_t>(NamedKind::SysvSemaphore);
  key.inode = static_cast<uint32_t>(semid);
  bool created = false;
  const uint32_t object = objectForKey(key, ObjectFamily::SysvSemaphore, &created);
  if (created || fresh) {
    ObjectRecord &o = gControl->objects[object];
    SysvSemaphoreState &s = o.sysvSem;
    s = SysvSemaphoreState{};
    s.id = semid;
    s.count = static_cast<uint16_t>(ds.sem_nsems);
    unsigned short values[kMaxSysvSems] = {};
    arg.array = values;
    LOCKSTEP_REAL(semctl)(semid, 0, GETALL, arg);
    for (int i = 0; i < s.count; ++i)
      s.values[i] = values[i];
    snprintf(o.where, kWhereSize, "semid %d", semid);
  }
  return object;
}

// The real semop once the model said it proceeds: never blocks (IPC_NOWAIT on every operation);
// EAGAIN only while the kernel has not yet applied an exited process's SEM_UNDO adjustments.
int realSemop(int semid, const sembuf *ops, size_t count) {
  sembuf nowait[models::kMaxSemops];
  for (size_t i = 0; i < count; ++i) {
    nowait[i] = ops[i];
    nowait[i].sem_flg = static_cast<short>(nowait[i].sem_flg | IPC_NOWAIT);
  }
  for (int attempt = 0; attempt < 5000; ++attempt) {
    if (LOCKSTEP_REAL(semop)(semid, nowait, count) == 0)
      return 0;
    if (errno != EAGAIN)
      return -1;
    const timespec pause{0, 1000000};
    LOCKSTEP_REAL(nanosleep)(&pause, nullptr);
  }
  return -1;
}

int semopStep(int semid, sembuf *ops, size_t count, const timespec *timeout, bool timed,
              const void *pc) {
  if (count > static_cast<size_t>(models::kMaxSemops))
    refuseCall(pc, "semop with more than 32 operations", "cannot follow yet");
  if (count == 0)
    return failWith(EINVAL);
  const uint32_t object = setOf(semid, pc);
  if (object == kNoObject)
    return failWith(EINVAL);
  const uint16_t nsems = gControl->objects[object].sysvSem.count;
  for (size_t i = 0; i < count; ++i) {
    if (ops[i].sem_num >= nsems)
      return failWith(EFBIG);
  }
  if (timed && timeout != nullptr &&
      (timeout->tv_sec < 0 || timeout->tv_nsec < 0 || timeout->tv_nsec >= 1000000000L))
    return failWith(EINVAL);
  OpPayload &payload = gControl->payload[tAgent];
  payload.count = static_cast<uint32_t>(count);
  for (size_t i = 0; i < count; ++i)
    payload.words[i] =
        models::packSembuf(ops[i].sem_num, ops[i].sem_op, static_cast<uint16_t>(ops[i].sem_flg));
  PendingOp op = makeOp(OpKind::sysv_semop, pc, object);
  op.flags = timed && timeout != nullptr ? models::kIpcTimed : 0;
  const int64_t result = performVisible(op).result;
  if (result < 0) {
    if (result == -ETIMEDOUT)
      sleepVirtually(nanosOf(*timeout)); // a relative timeout
    return failWith(static_cast<int>(-result));
  }
  return realSemop(semid, ops, count);
}

} // namespace

extern "C" int semget(key_t key, int nsems, int flags) {
  if (!modelled())
    return LOCKSTEP_REAL(semget)(key, nsems, flags);
  const void *pc = __builtin_return_address(0);
  if (nsems > kMaxSysvSems)
    refuseCall(pc, "semget for more than 32 semaphores", "cannot follow yet (its model holds 32)");
  bool created = false;
  const int semid = sysvGetStep(
      {"semget", OpKind::sysv_semget, NamedKind::SysvSemaphore}, pc, key, flags, &created,
      [key, nsems](int how) { return LOCKSTEP_REAL(semget)(key, nsems, how); });
  if (semid < 0)
    return semid;
  const uint32_t object = setOf(semid, pc, created);
  if (object != kNoObject)
    currentStep().object = object;
  return semid;
}

extern "C" int semop(int semid, struct sembuf *ops, size_t count) {
  if (!modelled())
    return LOCKSTEP_REAL(semop)(semid, ops, count);
  return semopStep(semid, ops, count, nullptr, false, __builtin_return_address(0));
}

extern "C" int semtimedop(int semid, struct sembuf *ops, size_t count,
                          const struct timespec *timeout) {
  if (!modelled())
    return LOCKSTEP_REAL(semtimedop)(semid, ops, count, timeout);
  return semopStep(semid, ops, count, timeout, true, __builtin_return_address(0));
}

extern "C" int semctl(int semid, int semnum, int command, ...) {
  SemctlArg arg{};
  va_list args;
  va_start(args, command);
  arg = va_arg(args, SemctlArg); // absent for some commands: unused then
  va_end(args);
  if (!modelled())
    return LOCKSTEP_REAL(semctl)(semid, semnum, command, arg);
  const void *pc = __builtin_return_address(0);
  uint32_t modelCommand = models::kSemctlOther;
  switch (command) {
  case GETVAL:
    modelCommand = models::kSemctlGetval;
    break;
  case SETVAL:
    modelCommand = models::kSemctlSetval;
    break;
  case GETALL:
    modelCommand = models::kSemctlGetall;
    break;
  case SETALL:
    modelCommand = models::kSemctlSetall;
    break;
  case GETNCNT:
    modelCommand = models::kSemctlGetncnt;
    break;
  case GETZCNT:
    modelCommand = models::kSemctlGetzcnt;
    break;
  case IPC_RMID:
    modelCommand = models::kSemctlRmid;
    break;
  default: // IPC_STAT, IPC_SET, IPC_INFO, SEM_INFO, SEM_STAT: no effect on the model
    return LOCKSTEP_REAL(semctl)(semid, semnum, command, arg);
  }
  const uint32_t object = setOf(semid, pc);
  if (object == kNoObject)
    return failWith(EINVAL);
  PendingOp op = makeOp(OpKind::sysv_semctl, pc, object, semnum);
  op.flags = modelCommand;
  if (command == SETVAL)
    op.arg = arg.val;
  if (command == SETALL) {
    OpPayload &payload = gControl->payload[tAgent];
    const int n = gControl->objects[object].sysvSem.count;
    payload.count = static_cast<uint32_t>(n);
    for (int i = 0; i < n; ++i)
      payload.words[i] = arg.array != nullptr ? arg.array[i] : 0;
  }
  const int64_t result = performVisible(op).result;
  if (result < 0)
    return failWith(static_cast<int>(-result));
  if (command == GETNCNT || command == GETZCNT)
    return static_cast<int>(result); // nobody really waits in the kernel: the model counts
  if (command == IPC_RMID)
    forgetSysvId(NamedKind::SysvSemaphore, semid);
  return LOCKSTEP_REAL(semctl)(semid, semnum, command, arg);
}
