// Reading a process's signal disposition from /proc (see signal_disposition.h). The masks are the
// "SigBlk", "SigIgn" and "SigCgt" lines of proc(5): 64-bit hexadecimal, bit n-1 for signal n.
#include "signal_disposition.h"

#include "runtime_state.h"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace lockstep::runtime {
namespace {

struct Masks {
  uint64_t blocked = 0;
  uint64_t ignored = 0;
  uint64_t caught = 0;
};

// The masks of one status file; false when it cannot be read.
bool readMasks(const char *path, Masks *masks) {
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  char text[4096];
  size_t used = 0;
  for (ssize_t n;
       used + 1 < sizeof text && (n = read(fd, text + used, sizeof text - 1 - used)) != 0;) {
    if (n < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    used += static_cast<size_t>(n);
  }
  close(fd);
  text[used] = '\0';
  const auto field = [&text](const char *name, uint64_t *value) {
    const char *at = strstr(text, name);
    if (at == nullptr)
      return false;
    *value = strtoull(at + strlen(name), nullptr, 16);
    return true;
  };
  return field("\nSigBlk:", &masks->blocked) && field("\nSigIgn:", &masks->ignored) &&
         field("\nSigCgt:", &masks->caught);
}

// True when every thread of pid blocks the signal (bit); a process-directed signal then stays
// pending. The threads are /proc/PID/task/*.
bool blockedByEveryThread(pid_t pid, uint64_t bit) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/task", static_cast<int>(pid));
  DIR *tasks = opendir(path);
  if (tasks == nullptr)
    return false;
  bool every = true;
  int seen = 0;
  while (const dirent *entry = readdir(tasks)) {
    if (entry->d_name[0] == '.')
      continue;
    char status[320];
    snprintf(status, sizeof status, "/proc/%d/task/%s/status", static_cast<int>(pid),
             entry->d_name);
    Masks masks;
    if (!readMasks(status, &masks))
      continue; // a thread that is gone
    ++seen;
    every = every && (masks.blocked & bit) != 0;
  }
  closedir(tasks);
  return seen > 0 && every;
}

bool defaultIgnores(int signal) {
  return signal == SIGCHLD || signal == SIGURG || signal == SIGWINCH || signal == SIGCONT;
}

bool defaultStops(int signal) {
  return signal == SIGSTOP || signal == SIGTSTP || signal == SIGTTIN || signal == SIGTTOU;
}

} // namespace

SignalEffect signalEffectOn(pid_t pid, int signal) {
  RuntimeScope scope; // open, read and opendir go to the kernel unmodelled
  if (signal == SIGKILL)
    return SignalEffect::Terminates;
  if (signal == SIGSTOP)
    return SignalEffect::Stops;
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/status", static_cast<int>(pid));
  Masks masks;
  if (!readMasks(path, &masks))
    return SignalEffect::Unknown;
  const uint64_t bit = uint64_t{1} << (signal - 1);
  if ((masks.ignored & bit) != 0)
    return SignalEffect::Nothing;
  if ((masks.caught & bit) != 0)
    return SignalEffect::Handled;
  if (defaultIgnores(signal))
    return SignalEffect::Nothing; // SIGCONT of a process that is not stopped: nothing to resume
  if (blockedByEveryThread(pid, bit))
    return SignalEffect::Blocked;
  return defaultStops(signal) ? SignalEffect::Stops : SignalEffect::Terminates;
}

} // namespace lockstep::runtime
