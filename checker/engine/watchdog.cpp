// The watchdog process (see watchdog.h).
#include "engine/watchdog.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <stdexcept>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lockstep::checker {

using namespace protocol;

namespace {

constexpr char kGoodbye = 'g';

[[noreturn]] void watch(int readEnd, const volatile pid_t *root, const ControlBlock *block) {
  // Ignore the terminal's signals: Ctrl-C is the checker's to handle.
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  char byte = 0;
  ssize_t n = 0;
  while ((n = read(readEnd, &byte, 1)) < 0 && errno == EINTR) {
  }
  if (n == 1 && byte == kGoodbye)
    _exit(0);
  const pid_t group = *root;
  if (group > 1)
    kill(-group, SIGKILL);
  const int processes = std::clamp(block->processCount, 0, kMaxProcesses);
  for (int i = 0; group > 1 && i < processes; ++i) {
    const pid_t pid = block->processes[i].pid;
    if (pid > 1 && block->processes[i].state == ProcessState::Live)
      kill(pid, SIGKILL);
  }
  _exit(0);
}

} // namespace

Watchdog::Watchdog(const ControlBlock *block) {
  void *shared =
      mmap(nullptr, sizeof(pid_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int fds[2];
  if (shared == MAP_FAILED || pipe2(fds, O_CLOEXEC) != 0)
    throw std::runtime_error("cannot set up the watchdog");
  root_ = static_cast<volatile pid_t *>(shared);
  *root_ = 0;
  pid_ = fork();
  if (pid_ < 0)
    throw std::runtime_error("cannot start the watchdog");
  if (pid_ == 0) {
    close(fds[1]);
    setpgid(0, 0); // outside the terminal's foreground group
    watch(fds[0], root_, block);
  }
  close(fds[0]);
  pipe_ = fds[1];
}

Watchdog::~Watchdog() {
  if (pipe_ >= 0) {
    (void)!write(pipe_, &kGoodbye, 1);
    close(pipe_);
  }
  if (pid_ > 0)
    waitpid(pid_, nullptr, 0);
  munmap(const_cast<pid_t *>(root_), sizeof(pid_t));
}

void Watchdog::setRoot(pid_t root) { *root_ = root; }

} // namespace lockstep::checker
