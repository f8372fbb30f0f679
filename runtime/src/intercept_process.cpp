// Interceptors for processes: fork, exit, _exit, wait and friends, execve and friends, and the
// calls that start processes in ways Lockstep does not model yet (vfork, posix_spawn, popen,
// clone for a process), which stop the run with a clear message.
#include "attach.h"
#include "callsite.h"
#include "objects.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"
#include "visible_op.h"

#include "lockstep/models/descriptors.h"
#include "lockstep/models/family_models.h"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sched.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lockstep::runtime {

void refuseCall(const void *pc, const char *call, const char *advice) {
  self().pending.site = siteOf(pc);
  char who[16];
  models::agentName(*gControl, tAgent, who, sizeof who);
  models::reportBug(*gControl, tAgent, VerdictKind::Unsupported, "%s calls %s, which Lockstep %s",
                    who, call, advice);
  stopExecution();
}

namespace {

int gExitStatus = 0;

} // namespace

// The process_exit step, then the turn passes on; the process then really ends. exit(3) flushes
// stdio first, so that the process's output comes before its exit in the interleaving; _exit(2)
// does not flush at all (a forked child's copy of its parent's buffer must not be written).
void exitStep(const void *pc, int status, bool flushStdio) {
  if (flushStdio)
    fflush(nullptr);
  PendingOp op = makeOp(OpKind::process_exit, pc, kNoObject, selfProcess());
  op.arg = W_EXITCODE(status & 0xff, 0);
  performVisible(op);
  leaveTurn();
  tAgent = -1;
}

namespace {

int32_t waitTarget(pid_t pid) {
  if (pid < -1 || pid == 0)
    return models::kWaitAnyChild; // process groups: every child of ours is in the group
  if (pid == -1)
    return models::kWaitAnyChild;
  const ControlBlock &cb = *gControl;
  for (int i = 0; i < cb.processCount; ++i) {
    if (cb.processes[i].pid == pid && cb.processes[i].parent == selfProcess())
      return i;
  }
  return models::kWaitNotAChild;
}

// The modelled part of every wait: which child, if any, is reaped. Returns its pid, 0 (WNOHANG,
// none yet) or -1 with errno ECHILD.
pid_t modelledWait(const void *pc, pid_t pid, int options) {
  PendingOp op = makeOp(OpKind::process_wait, pc, kNoObject, waitTarget(pid));
  op.flags = (options & WNOHANG) != 0 ? models::kWaitNoHang : 0;
  const int64_t result = performVisible(op).result;
  if (result == models::kWaitNothingYet)
    return 0;
  if (result == models::kWaitNoChild) {
    errno = ECHILD;
    return -1;
  }
  currentStep().target = static_cast<int32_t>(result);
  if (op.target >= 0)
    currentStep().flags |= kStepWaitedForOne;
  return gControl->processes[result].pid;
}

// Adds the runtime's variables to an environment for execve (the program may pass its own).
char **environmentWithRuntime(char *const envp[], char **storage, size_t capacity, char *agentVar) {
  size_t n = 0;
  for (size_t i = 0; envp != nullptr && envp[i] != nullptr && n + 4 < capacity; ++i) {
    if (strncmp(envp[i], "LD_PRELOAD=", 11) == 0 || strncmp(envp[i], "LOCKSTEP_", 9) == 0)
      continue;
    storage[n++] = envp[i];
  }
  static char preload[4096];
  static char controlFd[64];
  const char *preloadValue = getenv("LD_PRELOAD");
  const char *fdValue = getenv(kControlFdEnv);
  snprintf(preload, sizeof preload, "LD_PRELOAD=%s", preloadValue != nullptr ? preloadValue : "");
  snprintf(controlFd, sizeof controlFd, "%s=%s", kControlFdEnv, fdValue != nullptr ? fdValue : "");
  storage[n++] = preload;
  storage[n++] = controlFd;
  storage[n++] = agentVar;
  storage[n] = nullptr;
  return storage;
}

// The process_exec step; afterwards the new image attaches as the same agent.
void execStep(const void *pc, char *agentVar, size_t size) {
  performVisible(makeOp(OpKind::process_exec, pc, kNoObject, selfProcess()));
  // Other threads vanish with the old image.
  ControlBlock &cb = *gControl;
  for (int i = 0; i < cb.agentCount; ++i) {
    if (i != tAgent && cb.agents[i].process == selfProcess())
      models::retireAgent(cb, i);
  }
  snprintf(agentVar, size, "%s=%d", kExecAgentEnv, tAgent);
}

} // namespace

void exitHook() {
  if (!modelled() || self().state == AgentState::Exited)
    return;
  exitStep(nullptr, gExitStatus, true);
}

} // namespace lockstep::runtime

using namespace lockstep::runtime;
using lockstep::models::Outcome;

extern "C" pid_t fork() {
  if (!modelled())
    return LOCKSTEP_REAL(fork)();
  performVisible(makeOp(OpKind::process_fork, __builtin_return_address(0)));
  ControlBlock &cb = *gControl;
  const int parent = selfProcess();
  const int child = lockstep::models::createProcess(cb, parent);
  const int childAgent =
      child < 0 ? -1 : lockstep::models::createAgent(cb, child, AgentState::Starting);
  if (childAgent < 0)
    refuseCall(__builtin_return_address(0), "fork",
               "cannot follow: more than 64 processes or threads (does it fork without end?)");
  cloneProcessObjects(parent, child, tAgent, childAgent);
  if (!lockstep::models::cloneDescriptors(cb, parent, child)) // the child's copies of the fds
    refuseCall(__builtin_return_address(0), "fork",
               "cannot follow: more than 2048 descriptors of pipes in all processes");
  currentStep().target = child;
  prepareToCreate(childAgent);
  pid_t pid = 0;
  {
    RuntimeScope scope;
    pid = LOCKSTEP_REAL(fork)();
  }
  if (pid == 0) {
    tAgent = childAgent;
    cb.currentAgent = childAgent; // runs eagerly until its first visible operation
    cb.processes[child].pid = getpid();
    cb.agents[childAgent].tid = gettid();
    forgetCachedObjects();
    return 0;
  }
  if (pid < 0) {
    const int saved = errno;
    lockstep::models::retireProcess(cb, child, 0);
    cb.processes[child].state = ProcessState::Reaped;
    errno = saved;
    return -1;
  }
  cb.processes[child].pid = pid;
  waitForCreated();
  return pid;
}

extern "C" pid_t vfork() {
  if (modelled())
    refuseCall(__builtin_return_address(0), "vfork", "does not support; use fork");
  return LOCKSTEP_REAL(fork)();
}

extern "C" void exit(int status) {
  if (modelled())
    gExitStatus = status;
  LOCKSTEP_REAL(exit)(status);
  __builtin_unreachable();
}

extern "C" void _exit(int status) {
  if (modelled())
    exitStep(__builtin_return_address(0), status, false);
  LOCKSTEP_REAL(_exit)(status);
  __builtin_unreachable();
}

extern "C" void _Exit(int status) { _exit(status); }

extern "C" pid_t waitpid(pid_t pid, int *status, int options) {
  if (!modelled())
    return LOCKSTEP_REAL(waitpid)(pid, status, options);
  const pid_t reaped = modelledWait(__builtin_return_address(0), pid, options);
  if (reaped <= 0)
    return reaped;
  return LOCKSTEP_REAL(waitpid)(reaped, status, options & ~WNOHANG);
}

extern "C" pid_t wait(int *status) {
  if (!modelled())
    return LOCKSTEP_REAL(wait)(status);
  const pid_t reaped = modelledWait(__builtin_return_address(0), -1, 0);
  if (reaped <= 0)
    return reaped;
  return LOCKSTEP_REAL(waitpid)(reaped, status, 0);
}

extern "C" pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage) {
  if (!modelled())
    return LOCKSTEP_REAL(wait4)(pid, status, options, usage);
  const pid_t reaped = modelledWait(__builtin_return_address(0), pid, options);
  if (reaped <= 0)
    return reaped;
  return LOCKSTEP_REAL(wait4)(reaped, status, options & ~WNOHANG, usage);
}

extern "C" pid_t wait3(int *status, int options, struct rusage *usage) {
  return wait4(-1, status, options, usage);
}

extern "C" int execve(const char *path, char *const argv[], char *const envp[]) {
  if (!modelled())
    return LOCKSTEP_REAL(execve)(path, argv, envp);
  char agentVar[64];
  execStep(__builtin_return_address(0), agentVar, sizeof agentVar);
  char *storage[4096];
  char **env = environmentWithRuntime(envp, storage, 4096, agentVar);
  RuntimeScope scope;
  return LOCKSTEP_REAL(execve)(path, argv, env);
}

extern "C" int execvpe(const char *file, char *const argv[], char *const envp[]) {
  if (!modelled())
    return LOCKSTEP_REAL(execvpe)(file, argv, envp);
  char agentVar[64];
  execStep(__builtin_return_address(0), agentVar, sizeof agentVar);
  char *storage[4096];
  char **env = environmentWithRuntime(envp, storage, 4096, agentVar);
  RuntimeScope scope;
  return LOCKSTEP_REAL(execvpe)(file, argv, env);
}

extern "C" int execv(const char *path, char *const argv[]) { return execve(path, argv, environ); }
extern "C" int execvp(const char *file, char *const argv[]) { return execvpe(file, argv, environ); }

namespace {
constexpr size_t kMaxListArgs = 1024;
// Collects execl-style variadic arguments (after arg0, up to the null pointer) into argv.
void collectArguments(const char *arg0, va_list *args, const char **argv) {
  size_t n = 0;
  argv[n++] = arg0;
  while (n < kMaxListArgs - 1 && (argv[n] = va_arg(*args, const char *)) != nullptr)
    ++n;
  argv[n] = nullptr;
}
} // namespace

extern "C" int execl(const char *path, const char *arg0, ...) {
  const char *argv[kMaxListArgs];
  va_list args;
  va_start(args, arg0);
  collectArguments(arg0, &args, argv);
  va_end(args);
  return execve(path, const_cast<char *const *>(argv), environ);
}

extern "C" int execlp(const char *file, const char *arg0, ...) {
  const char *argv[kMaxListArgs];
  va_list args;
  va_start(args, arg0);
  collectArguments(arg0, &args, argv);
  va_end(args);
  return execvpe(file, const_cast<char *const *>(argv), environ);
}

extern "C" int execle(const char *path, const char *arg0, ...) {
  const char *argv[kMaxListArgs];
  va_list args;
  va_start(args, arg0);
  collectArguments(arg0, &args, argv);
  char *const *envp = va_arg(args, char *const *);
  va_end(args);
  return execve(path, const_cast<char *const *>(argv), envp);
}

// system(3) is fork + exec of /bin/sh + wait, all modelled.
extern "C" int system(const char *command) {
  if (!modelled())
    return LOCKSTEP_REAL(system)(command);
  if (command == nullptr)
    return 1;
  const pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command, static_cast<char *>(nullptr));
    _exit(127);
  }
  if (pid < 0)
    return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0)
    return -1;
  return status;
}

extern "C" int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                           const posix_spawnattr_t *attr, char *const argv[], char *const envp[]) {
  if (modelled())
    refuseCall(__builtin_return_address(0), "posix_spawn", "does not model yet; use fork and exec");
  return LOCKSTEP_REAL(posix_spawn)(pid, path, actions, attr, argv, envp);
}

extern "C" int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions,
                            const posix_spawnattr_t *attr, char *const argv[], char *const envp[]) {
  if (modelled())
    refuseCall(__builtin_return_address(0), "posix_spawnp",
               "does not model yet; use fork and exec");
  return LOCKSTEP_REAL(posix_spawnp)(pid, file, actions, attr, argv, envp);
}

extern "C" FILE *popen(const char *command, const char *type) {
  if (modelled())
    refuseCall(__builtin_return_address(0), "popen", "does not model yet; use pipe, fork and exec");
  return LOCKSTEP_REAL(popen)(command, type);
}

extern "C" int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...) {
  if (modelled())
    refuseCall(__builtin_return_address(0), "clone",
               "does not support; use fork or pthread_create");
  va_list rest;
  va_start(rest, arg);
  auto *parentTid = va_arg(rest, pid_t *);
  void *tls = va_arg(rest, void *);
  auto *childTid = va_arg(rest, pid_t *);
  va_end(rest);
  return LOCKSTEP_REAL(clone)(fn, stack, flags, arg, parentTid, tls, childTid);
}
