// The watchdog: a small process forked from the checker at start-up that outlives it. If the
// checker dies without saying goodbye (SIGKILL, a crash), the watchdog kills the process group
// of the execution in progress and every process the control block lists as live, so that no
// process of the program survives lockstep, even one spinning where it never checks that the
// checker is alive.
#pragma once

#include "control_block.h"

#include <sys/types.h>

namespace lockstep::checker {

class Watchdog {
public:
  explicit Watchdog(const protocol::ControlBlock *block);
  ~Watchdog(); // a normal end: the watchdog leaves without killing anything
  Watchdog(const Watchdog &) = delete;
  Watchdog &operator=(const Watchdog &) = delete;

  // The root of the execution in progress (its process group), or 0 between executions.
  void setRoot(pid_t root);

private:
  int pipe_ = -1; // write end; its closing without a goodbye byte means "kill"
  pid_t pid_ = -1;
  volatile pid_t *root_ = nullptr; // shared with the watchdog
};

} // namespace lockstep::checker
