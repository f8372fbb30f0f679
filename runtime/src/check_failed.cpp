// LOCKSTEP_CHECK failures inside the program under test: record an internal verdict so the
// checker can say what happened, then end the process.
#include "lockstep/models/check.h"

#include "runtime_state.h"

#include "lockstep/models/model.h"

#include <cstdio>
#include <cstring>
#include <sys/syscall.h>
#include <unistd.h>

namespace lockstep {

void checkFailed(const char *file, int line, const char *condition) {
  char message[512];
  const int n =
      snprintf(message, sizeof message, "lockstep runtime: internal check failed at %s:%d: %s\n",
               file, line, condition);
  syscall(SYS_write, 2, message, n > 0 ? static_cast<size_t>(n) : 0);
  if (runtime::gControl != nullptr) {
    models::reportBug(*runtime::gControl, runtime::tAgent, protocol::VerdictKind::Internal,
                      "internal check failed at %s:%d: %s", file, line, condition);
    runtime::gControl->state = protocol::ExecutionState::Stopped;
    __atomic_fetch_add(&runtime::gControl->checkerWord, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &runtime::gControl->checkerWord, 1 /*FUTEX_WAKE*/, 1, nullptr, nullptr, 0);
  }
  syscall(SYS_exit_group, kInternalErrorExit);
  __builtin_unreachable();
}

} // namespace lockstep
