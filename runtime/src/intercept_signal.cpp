// Signals between the processes of the program. kill(2) (and sigqueue(3)) of another process of
// the program is a visible step, process_kill: holding the turn, the sender reads the target's
// disposition (signal_disposition.h); a signal that terminates the target ends that process in
// the model (its agents retire, its descriptors close, SEM_UNDO applies: models::retireProcess)
// before the real signal kills the real process, which the sender waits for, so the parent's
// wait then reaps it at once. A signal the target ignores changes nothing. Refused with a
// sentence naming the call, because the program would run outside the scheduler: a signal the
// target handles (its handler would run asynchronously), blocks in every thread, or that stops
// it; process groups; signals between threads; waiting for signals (pause, sigsuspend, sigwait*)
// and timers that raise them (alarm, setitimer, timer_create). A signal a process sends itself
// goes to the kernel: it is delivered synchronously, as raise(3) does.
#include "race_detector.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "signal_disposition.h"
#include "turn.h"
#include "visible_op.h"

#include "lockstep/models/family_models.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <pthread.h>
#include <sys/time.h>
#include <unistd.h>

using namespace lockstep::runtime;

namespace {

constexpr const char *kSignalsNotModelled =
    "does not model yet (Lockstep models signals that terminate a process or that it ignores)";

// The process of the program with this pid that was not reaped yet, or -1.
int processOfPid(pid_t pid) {
  const ControlBlock &cb = *gControl;
  for (int i = 0; i < cb.processCount && i < kMaxProcesses; ++i) {
    if (cb.processes[i].pid == pid && cb.processes[i].state != ProcessState::Reaped)
      return i;
  }
  return -1;
}

// The state letter of /proc/PID/stat (after the command's closing parenthesis), '?' when gone.
char processStateLetter(pid_t pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return '?';
  char text[512];
  const ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0)
    return '?';
  text[n] = '\0';
  for (ssize_t i = n - 1; i >= 0; --i) {
    if (text[i] == ')')
      return i + 2 < n ? text[i + 2] : '?';
  }
  return '?';
}

// Waits until the real process is dead (a zombie, or gone), so that its parent's wait, which
// the model now enables, does not block in the kernel.
void awaitDeath(pid_t pid) {
  RuntimeScope scope;
  const timespec pause{0, 50 * 1000};
  for (int i = 0; i < 200000; ++i) { // at most ~10 s; the kernel needs microseconds
    const char state = processStateLetter(pid);
    if (state == 'Z' || state == 'X' || state == '?')
      return;
    LOCKSTEP_REAL(nanosleep)(&pause, nullptr);
  }
}

// The modelled send of `signal` to the process of the program with this pid; `send` makes the
// real call. Returns what kill(2) returns.
template <typename Send>
int sendToProcess(const void *pc, const char *call, pid_t pid, int signal, Send send) {
  if (signal < 0 || signal >= NSIG || pid == getpid())
    return send(); // EINVAL, or delivered synchronously to this process
  if (pid <= 0)
    refuseCall(pc, call, "does not model yet a signal to a process group or to every process");
  const int target = processOfPid(pid);
  if (target < 0)
    return send(); // not a process of the program (or one already reaped): the kernel answers
  lockstep::protocol::PendingOp op = makeOp(OpKind::process_kill, pc, kNoObject, target);
  op.arg = signal;
  const int64_t result = performVisible(op).result;
  if (result != 0) {
    errno = static_cast<int>(result);
    return -1;
  }
  ControlBlock &cb = *gControl;
  if (cb.processes[target].state != ProcessState::Live)
    return 0; // a zombie takes no signal (the real process may still be on its way out)
  if (signal == 0)
    return send(); // an existence check
  switch (signalEffectOn(pid, signal)) {
  case SignalEffect::Nothing:
    return send();
  case SignalEffect::Terminates:
    break;
  case SignalEffect::Handled:
    refuseCall(pc, call,
               "does not model yet a signal that the receiving process handles (its handler "
               "would run asynchronously, outside the scheduler)");
  case SignalEffect::Blocked:
    refuseCall(pc, call,
               "does not model yet a signal that every thread of the receiving process blocks "
               "(it would stay pending, for sigwait or a later unblock)");
  case SignalEffect::Stops:
    refuseCall(pc, call, "does not model job control (a signal that stops the process)");
  case SignalEffect::Unknown:
    refuseCall(pc, call, "could not read the receiving process's signal disposition in /proc");
  }
  for (int agent = 0; agent < cb.agentCount; ++agent) {
    AgentRecord &a = cb.agents[agent];
    if (a.process == target && a.state == AgentState::Parked)
      a.killedPending = 1; // the trace reader reports its pending operation (DPOR)
  }
  raceProcessEnded(target);
  lockstep::models::retireProcess(cb, target, signal); // wait status: killed by `signal`
  const int sent = send();
  if (sent == 0)
    awaitDeath(pid);
  return sent;
}

} // namespace

extern "C" int kill(pid_t pid, int signal) {
  if (!modelled())
    return LOCKSTEP_REAL(kill)(pid, signal);
  return sendToProcess(__builtin_return_address(0), "kill", pid, signal,
                       [=] { return LOCKSTEP_REAL(kill)(pid, signal); });
}

extern "C" int sigqueue(pid_t pid, int signal, const union sigval value) {
  if (!modelled())
    return LOCKSTEP_REAL(sigqueue)(pid, signal, value);
  return sendToProcess(__builtin_return_address(0), "sigqueue", pid, signal,
                       [=] { return LOCKSTEP_REAL(sigqueue)(pid, signal, value); });
}

extern "C" int killpg(pid_t group, int signal) {
  if (modelled())
    refuseCall(__builtin_return_address(0), "killpg",
               "does not model yet a signal to a process group");
  return LOCKSTEP_REAL(killpg)(group, signal);
}

// A signal to another thread would run its handler (or end the process) while that thread is
// parked: refused. To the calling thread it is synchronous, and signal 0 only checks.
extern "C" int pthread_kill(pthread_t thread, int signal) {
  if (modelled() && signal != 0 && pthread_equal(thread, pthread_self()) == 0)
    refuseCall(__builtin_return_address(0), "pthread_kill of another thread", kSignalsNotModelled);
  return LOCKSTEP_REAL(pthread_kill)(thread, signal);
}

// Waiting for a signal would block in the kernel, outside the scheduler.
extern "C" int pause() {
  if (modelled())
    refuseCall(__builtin_return_address(0), "pause", kSignalsNotModelled);
  return LOCKSTEP_REAL(pause)();
}

extern "C" int sigsuspend(const sigset_t *mask) {
  if (modelled())
    refuseCall(__builtin_return_address(0), "sigsuspend", kSignalsNotModelled);
  return LOCKSTEP_REAL(sigsuspend)(mask);
}

extern "C" int sigwait(const sigset_t *set, int *signal) {
  if (modelled())
    refuseCall(__builtin_return_address(0), "sigwait", kSignalsNotModelled);
  return LOCKSTEP_REAL(sigwait)(set, signal);
}

extern "C" int sigwaitinfo(const sigset_t *set, siginfo_t *info) {
  if (modelled())
    refuseCall(__builtin_return_address(0), "sigwaitinfo", kSignalsNotModelled);
  return LOCKSTEP_REAL(sigwaitinfo)(set, info);
}

// A zero timeout only collects a pending signal, without waiting.
extern "C" int sigtimedwait(const sigset_t *set, siginfo_t *info, const timespec *timeout) {
  if (modelled() && (timeout == nullptr || timeout->tv_sec != 0 || timeout->tv_nsec != 0))
    refuseCall(__builtin_return_address(0), "sigtimedwait", kSignalsNotModelled);
  return LOCKSTEP_REAL(sigtimedwait)(set, info, timeout);
}

// Timers that raise signals in real time, while time is virtual: alarm(0) and a disarming
// setitimer only cancel.
extern "C" unsigned alarm(unsigned seconds) {
  if (modelled() && seconds != 0)
    refuseCall(__builtin_return_address(0), "alarm", kSignalsNotModelled);
  return LOCKSTEP_REAL(alarm)(seconds);
}

extern "C" int setitimer(__itimer_which_t which, const itimerval *value, itimerval *old) {
  if (modelled() && value != nullptr &&
      (value->it_value.tv_sec != 0 || value->it_value.tv_usec != 0))
    refuseCall(__builtin_return_address(0), "setitimer", kSignalsNotModelled);
  return LOCKSTEP_REAL(setitimer)(which, value, old);
}

extern "C" int timer_create(clockid_t clock, sigevent *event, timer_t *timer) {
  if (modelled())
    refuseCall(__builtin_return_address(0), "timer_create", kSignalsNotModelled);
  return LOCKSTEP_REAL(timer_create)(clock, event, timer);
}
