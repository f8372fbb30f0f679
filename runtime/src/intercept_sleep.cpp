// Sleeps never sleep under Lockstep: they are yields, a point where another agent may run.
// (Virtual time and timed waits as explored choices belong to the time model.)
#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"
#include "visible_op.h"

#include <ctime>
#include <unistd.h>

using namespace lockstep::runtime;

namespace {
void yieldStep(const void *pc) { performVisible(makeOp(OpKind::thread_yield, pc)); }
} // namespace

extern "C" unsigned sleep(unsigned seconds) {
  if (!modelled())
    return LOCKSTEP_REAL(sleep)(seconds);
  yieldStep(__builtin_return_address(0));
  return 0;
}

extern "C" int usleep(useconds_t microseconds) {
  if (!modelled())
    return LOCKSTEP_REAL(usleep)(microseconds);
  yieldStep(__builtin_return_address(0));
  return 0;
}

extern "C" int nanosleep(const struct timespec *duration, struct timespec *remaining) {
  if (!modelled())
    return LOCKSTEP_REAL(nanosleep)(duration, remaining);
  yieldStep(__builtin_return_address(0));
  if (remaining != nullptr)
    *remaining = {0, 0};
  return 0;
}
