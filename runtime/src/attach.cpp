// Attaching the runtime: when the program starts with LOCKSTEP_CONTROL_FD in its environment,
// map the control block, register this process as an agent (the root process P0, or the agent
// that called execve), register its modules, and wrap main so that its return goes through the
// modelled exit. Without that variable the runtime stays inert and every interceptor forwards.
#include "attach.h"

#include "callsite.h"
#include "crash_handlers.h"
#include "real_functions.h"
#include "runtime_state.h"

#include "lockstep/models/family_models.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace lockstep::runtime {

ControlBlock *gControl = nullptr;
thread_local int tAgent __attribute__((tls_model("initial-exec"))) = -1;
thread_local int tInRuntime __attribute__((tls_model("initial-exec"))) = 0;

namespace {

void complain(const char *message) {
  const char *prefix = "lockstep runtime: ";
  syscall(SYS_write, 2, prefix, strlen(prefix));
  syscall(SYS_write, 2, message, strlen(message));
  syscall(SYS_write, 2, "\n", 1);
}

ControlBlock *mapControlBlock(int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0 || static_cast<size_t>(st.st_size) < sizeof(ControlBlock))
    return nullptr;
  void *p =
      mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED)
    return nullptr;
  auto *cb = static_cast<ControlBlock *>(p);
  if (cb->magic != kMagic || cb->version != kProtocolVersion ||
      cb->totalSize != static_cast<uint64_t>(st.st_size)) {
    munmap(p, static_cast<size_t>(st.st_size));
    return nullptr;
  }
  return cb;
}

// The agent this process continues as after execve, or -1.
int inheritedAgent() {
  const char *text = getenv(kExecAgentEnv);
  if (text == nullptr)
    return -1;
  const int agent = atoi(text);
  unsetenv(kExecAgentEnv);
  return agent >= 0 && agent < kMaxAgents ? agent : -1;
}

void registerRoot(ControlBlock &cb) {
  const int process = models::createProcess(cb, -1);
  const int agent = models::createAgent(cb, process, AgentState::Running);
  cb.processes[process].pid = getpid();
  cb.agents[agent].tid = gettid();
  cb.currentAgent = agent;
  tAgent = agent;
}

__attribute__((constructor(101))) void attach() {
  const char *fdText = getenv(kControlFdEnv);
  if (fdText == nullptr)
    return;
  ControlBlock *cb = mapControlBlock(atoi(fdText));
  if (cb == nullptr) {
    complain("the control block is missing or of another version; running without the checker");
    return;
  }
  const int agent = inheritedAgent();
  if (agent < 0 && cb->attached != 0) {
    complain("a process started outside fork/exec joined the run; it runs unchecked");
    return;
  }
  gControl = cb;
  if (agent >= 0) {
    tAgent = agent;
    cb->agents[agent].tid = gettid();
  } else {
    cb->attached = 1;
    registerRoot(*cb);
  }
  registerModules();
  installCrashHandlers();
  atexit(exitHook); // registered first, so it runs after the program's own exit handlers
}

int (*gMain)(int, char **, char **) = nullptr;

int mainWrapper(int argc, char **argv, char **envp) { exit(gMain(argc, argv, envp)); }

} // namespace

} // namespace lockstep::runtime

using StartMain = int (*)(int (*)(int, char **, char **), int, char **, void (*)(), void (*)(),
                          void (*)(), void *);

// The program's _start calls this through the PLT: wrap main so that returning from it is
// modelled like exit().
extern "C" int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv,
                                 void (*init)(), void (*fini)(), void (*rtldFini)(),
                                 void *stackEnd) {
  static StartMain real = nullptr;
  real = lockstep::runtime::resolveReal(real, "__libc_start_main");
  lockstep::runtime::gMain = main;
  return real(lockstep::runtime::mainWrapper, argc, argv, init, fini, rtldFini, stackEnd);
}
