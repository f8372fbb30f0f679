// One execution of the program under test (see executor.h).
#include "engine/executor.h"

#include "engine/errors.h"
#include "engine/race_focus.h"
#include "lockstep/models/model.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <linux/futex.h>
#include <mqueue.h>
#include <sched.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lockstep::checker {

using namespace protocol;
using Clock = std::chrono::steady_clock;

namespace {

volatile sig_atomic_t gInterrupted = 0;

void onInterrupt(int /*signal*/) { gInterrupted = 1; }

constexpr auto kTick = std::chrono::milliseconds(20);
constexpr auto kDeathCheckAfter = std::chrono::milliseconds(100);

void futexWait(uint32_t *word, uint32_t expected, std::chrono::milliseconds timeout) {
  timespec ts{static_cast<time_t>(timeout.count() / 1000),
              static_cast<long>((timeout.count() % 1000) * 1000000)};
  syscall(SYS_futex, word, FUTEX_WAIT, expected, &ts, nullptr, 0);
}

std::vector<std::string> buildEnvironment(const std::string &runtime, int fd) {
  std::vector<std::string> env;
  std::string preload = runtime;
  for (char **e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    if (entry.rfind("LD_PRELOAD=", 0) == 0) {
      if (entry.size() > 11)
        preload += ":" + entry.substr(11);
      continue;
    }
    if (entry.rfind("LOCKSTEP_", 0) == 0)
      continue;
    env.push_back(entry);
  }
  env.push_back("LD_PRELOAD=" + preload);
  env.push_back(std::string(kControlFdEnv) + "=" + std::to_string(fd));
  return env;
}

int firstAllowedCpu() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    for (int i = 0; i < CPU_SETSIZE; ++i) {
      if (CPU_ISSET(i, &set))
        return i;
    }
  }
  return 0;
}

// The state letter and exit code of a process from /proc; '?' when it is gone.
char processState(pid_t pid, int *exitCode) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = text.rfind(')');
  if (close == std::string::npos || close + 2 >= text.size())
    return '?';
  // Fields after the command: state is field 3; exit_code is field 52.
  std::vector<std::string> fields;
  size_t pos = close + 2;
  while (pos < text.size()) {
    const size_t end = text.find(' ', pos);
    fields.push_back(text.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    if (end == std::string::npos)
      break;
    pos = end + 1;
  }
  if (exitCode != nullptr && fields.size() >= 50)
    *exitCode = std::atoi(fields[49].c_str());
  return fields.empty() ? '?' : fields[0][0];
}

struct LaunchArguments {
  char **argv;
  char **envp;
  int cpu;
  bool showOutput;
  int errorFd;
  pid_t checker;
};

// Runs in the new process, on its own stack, sharing the checker's memory until execve: only
// system calls here. Own process group, parent-death signal, no address randomization, pinned to
// one CPU (the turn handoff stays cheap and stable), default signals, stdin from /dev/null.
int startProgram(void *argument) {
  const auto &a = *static_cast<const LaunchArguments *>(argument);
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != a.checker)
    _exit(127);
  personality(ADDR_NO_RANDOMIZE);
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(a.cpu, &set);
  sched_setaffinity(0, sizeof set, &set);
  struct sigaction byDefault {};
  byDefault.sa_handler = SIG_DFL;
  for (int s = 1; s < NSIG; ++s)
    sigaction(s, &byDefault, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  const int devNull = open("/dev/null", O_RDWR);
  dup2(devNull, STDIN_FILENO);
  if (!a.showOutput) {
    dup2(devNull, STDOUT_FILENO);
    dup2(devNull, STDERR_FILENO);
  }
  execve(a.argv[0], a.argv, a.envp);
  const int error = errno;
  (void)!write(a.errorFd, &error, sizeof error);
  _exit(127);
}

std::string agentLabel(const ControlBlock &cb, int agent) {
  char name[16];
  models::agentName(cb, agent, name, sizeof name);
  return name;
}

} // namespace

void installInterruptHandlers() {
  struct sigaction action {};
  action.sa_handler = onInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGHUP, &action, nullptr);
  prctl(PR_SET_CHILD_SUBREAPER, 1); // orphans of the program come back to us to be reaped
}

Executor::Executor(Program program, std::string runtimeLibrary, ExecutorOptions options)
    : program_(std::move(program)), options_(std::move(options)), control_(options_.maxSteps + 1),
      watchdog_(control_.block()), snapshot_(std::make_unique<ControlBlock>()),
      cpu_(firstAllowedCpu()) {
  environment_ = buildEnvironment(runtimeLibrary, control_.fd());
}

pid_t Executor::launch() {
  std::vector<char *> argv;
  argv.push_back(const_cast<char *>(program_.path.c_str()));
  for (const std::string &a : program_.arguments)
    argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char *> envp;
  for (const std::string &e : environment_)
    envp.push_back(const_cast<char *>(e.c_str()));
  envp.push_back(nullptr);

  int errorPipe[2];
  if (pipe2(errorPipe, O_CLOEXEC) != 0)
    throw std::runtime_error("cannot create a pipe");
  LaunchArguments launch{argv.data(),         envp.data(),  cpu_,
                         options_.showOutput, errorPipe[1], getpid()};
  // The child shares our memory until it execs (CLONE_VFORK), so starting it costs no copy of
  // the checker's page tables; signals stay blocked until it has reset their handlers.
  std::vector<char> stack(64 * 1024);
  sigset_t all;
  sigset_t previous;
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, &previous);
  const pid_t pid =
      clone(startProgram, stack.data() + stack.size(), CLONE_VM | CLONE_VFORK | SIGCHLD, &launch);
  sigprocmask(SIG_SETMASK, &previous, nullptr);
  if (pid < 0)
    throw std::runtime_error("cannot start the program");
  setpgid(pid, pid);
  close(errorPipe[1]);
  int error = 0;
  const ssize_t n = read(errorPipe[0], &error, sizeof error);
  close(errorPipe[0]);
  if (n == sizeof error) {
    waitpid(pid, nullptr, 0);
    throw UsageError("cannot run '" + program_.path + "': " + strerror(error));
  }
  return pid;
}

std::optional<Bug> Executor::checkVanishedAgent() {
  ControlBlock &cb = *control_.block();
  const int agent = cb.currentAgent;
  if (agent < 0 || agent >= kMaxAgents || agent >= cb.agentCount)
    return std::nullopt;
  const int process = cb.agents[agent].process;
  if (process < 0 || process >= kMaxProcesses)
    return std::nullopt;
  const pid_t pid = cb.processes[process].pid;
  if (pid <= 1 || cb.agents[agent].state == AgentState::Exited)
    return std::nullopt;
  int exitCode = 0;
  const char state = processState(pid, &exitCode);
  if (state != 'Z' && state != 'X' && state != '?')
    return std::nullopt;
  if (cb.state != ExecutionState::Running)
    return std::nullopt;
  Bug bug;
  bug.kind = "crash";
  bug.agent = agent;
  bug.step = cb.stepCount;
  if (WIFSIGNALED(exitCode))
    bug.message = "P" + std::to_string(process) + " was killed by " +
                  (sigabbrev_np(WTERMSIG(exitCode)) != nullptr
                       ? std::string("SIG") + sigabbrev_np(WTERMSIG(exitCode))
                       : "signal " + std::to_string(WTERMSIG(exitCode)));
  else
    bug.message = "P" + std::to_string(process) + " ended outside Lockstep's view (status " +
                  std::to_string(WEXITSTATUS(exitCode)) + ")";
  return bug;
}

void Executor::monitor(pid_t root, Execution &outcome) {
  ControlBlock &cb = *control_.block();
  uint32_t lastStep = 0;
  auto lastChange = Clock::now();
  bool rootGone = false;
  for (;;) {
    const uint32_t word = __atomic_load_n(&cb.checkerWord, __ATOMIC_ACQUIRE);
    if (__atomic_load_n(&cb.state, __ATOMIC_ACQUIRE) != ExecutionState::Running)
      return;
    int status = 0;
    for (pid_t reaped; (reaped = waitpid(-1, &status, WNOHANG)) > 0;) {
      if (reaped == root)
        rootGone = true;
    }
    if (rootGone && cb.attached == 0)
      throw UsageError("'" + program_.path +
                       "' ended without loading the Lockstep runtime (is it statically linked, or "
                       "does it clear LD_PRELOAD?)");
    futexWait(&cb.checkerWord, word, kTick);
    if (gInterrupted != 0)
      throw Interrupted();
    const auto now = Clock::now();
    const uint32_t steps = __atomic_load_n(&cb.stepCount, __ATOMIC_ACQUIRE);
    if (steps != lastStep) {
      lastStep = steps;
      lastChange = now;
      continue;
    }
    if (now - lastChange >= kDeathCheckAfter) {
      if (std::optional<Bug> death = checkVanishedAgent()) {
        outcome.bug = death;
        return;
      }
    }
    if (now - lastChange >= options_.stepTimeout) {
      if (cb.attached == 0)
        throw UsageError("'" + program_.path +
                         "' did not load the Lockstep runtime (is it statically linked?)");
      Bug bug;
      bug.kind = "hang";
      bug.agent = cb.currentAgent >= 0 && cb.currentAgent < cb.agentCount ? cb.currentAgent : -1;
      bug.step = steps;
      char seconds[32];
      snprintf(seconds, sizeof seconds, "%g", options_.stepTimeout.count() / 1000.0);
      const std::string who = bug.agent >= 0 ? agentLabel(cb, bug.agent) : "the program";
      bug.message = who + " ran for more than " + seconds +
                    " s without reaching a visible operation (an infinite loop, or a blocking "
                    "call Lockstep does not model)";
      outcome.bug = bug;
      return;
    }
  }
}

void Executor::terminate(pid_t root) {
  ControlBlock &cb = *control_.block();
  kill(-root, SIGKILL);
  const int processes = std::clamp(cb.processCount, 0, kMaxProcesses);
  for (int i = 0; i < processes; ++i) {
    const pid_t pid = cb.processes[i].pid;
    if (pid > 1 && pid != getpid() && cb.processes[i].state == ProcessState::Live)
      kill(pid, SIGKILL);
  }
  // Reap the program's process group: our child and, as subreaper, every orphan of the program
  // (the watchdog, our other child, is not in it).
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  for (;;) {
    siginfo_t info{};
    const int rc = waitid(P_PGID, static_cast<id_t>(root), &info, WEXITED | WNOHANG | __WALL);
    if (rc < 0 && errno == ECHILD)
      return;
    if (rc == 0 && info.si_pid != 0)
      continue;
    if (Clock::now() > deadline)
      return;
    usleep(20); // SIGKILLed processes die within microseconds
  }
}

void Executor::removeNamedObjects() {
  const ControlBlock &cb = *control_.block();
  const int count = std::clamp(cb.namedCount, 0, kMaxNamed);
  for (int i = 0; i < count; ++i) {
    const NamedObjectRecord &n = cb.named[i];
    const std::string name(n.name, strnlen(n.name, sizeof n.name));
    if (name.empty())
      continue;
    switch (n.kind) {
    case NamedKind::Semaphore:
      sem_unlink(name.c_str());
      break;
    case NamedKind::MessageQueue: // issue 5
      mq_unlink(name.c_str());
      break;
    case NamedKind::SysvSemaphore: // issue 5: the id in decimal
      semctl(atoi(name.c_str()), 0, IPC_RMID);
      break;
    case NamedKind::SysvMessageQueue: // issue 5: the id in decimal
      msgctl(atoi(name.c_str()), IPC_RMID, nullptr);
      break;
    case NamedKind::SharedMemory:
      shm_unlink(name.c_str());
      break;
    case NamedKind::SysvSharedMemory:
      shmctl(std::atoi(name.c_str()), IPC_RMID, nullptr);
      break;
    case NamedKind::Fifo: { // only while it is still the FIFO the execution made
      struct stat st {};
      if (lstat(name.c_str(), &st) == 0 && S_ISFIFO(st.st_mode))
        unlink(name.c_str());
      break;
    }
    case NamedKind::SocketPath: { // sockets: only while it is still a socket file
      struct stat st {};
      if (lstat(name.c_str(), &st) == 0 && S_ISSOCK(st.st_mode))
        unlink(name.c_str());
      break;
    }
    default: // kinds whose models do not exist yet
      break;
    }
  }
}

Execution Executor::run(const std::vector<PlanEntry> &plan) {
  // Plan entries tagged kPlanSleeperTag pack the sleep set at the end of the plan (DPOR).
  std::vector<PlanEntry> steps;
  std::vector<uint16_t> words;
  for (const PlanEntry &p : plan) {
    if (p.reserved == kPlanSleeperTag)
      words.push_back(p.agent);
    else
      steps.push_back(p);
  }
  control_.reset(steps, options_.maxSteps);
  control_.block()->flags = (options_.spuriousWakeups ? kControlSpuriousWakeups : 0) |
                            (options_.shortIo ? kControlShortIo : 0);
  ControlBlock &block = *control_.block();
  writeFocus(block.focus, options_.focus);
  block.sleepCount = 0;
  block.sleepBlocked = 0;
  block.asleep = 0;
  for (size_t i = 0; i + kPlanWordsPerSleeper <= words.size() && block.sleepCount < kMaxAgents;
       i += kPlanWordsPerSleeper) {
    const SleepEntry z{words[i], static_cast<OpKind>(words[i + 1]),
                       words[i + 2] | uint32_t{words[i + 3]} << 16,
                       static_cast<int32_t>(words[i + 4] | uint32_t{words[i + 5]} << 16)};
    if (z.agent < kMaxAgents)
      block.asleep |= uint64_t{1} << z.agent;
    block.sleep[block.sleepCount++] = z;
  }
  const pid_t root = launch();
  watchdog_.setRoot(root);
  Execution watched;
  try {
    monitor(root, watched);
  } catch (...) {
    terminate(root);
    watchdog_.setRoot(0);
    removeNamedObjects();
    throw;
  }
  terminate(root);
  watchdog_.setRoot(0);
  removeNamedObjects();
  if (const std::string damage = control_.damagedGuard(); !damage.empty())
    throw std::runtime_error("a stray write into the control block's guard words: " + damage);
  ControlBlock &cb = *control_.block();
  memcpy(snapshot_.get(), &cb, sizeof(ControlBlock));
  snapshot_->capacity = control_.capacity(); // the real size of the trace, not the block's word
  Execution e = readExecution(*snapshot_, control_.trace(), options_.exits);
  if (watched.bug && !e.bug && !e.error)
    e.bug = watched.bug;
  return e;
}

} // namespace lockstep::checker
