// Sleeps never sleep under Lockstep: they are yields, a point where another agent may run, and
// they advance the virtual clock by their duration (virtual_time.h), so a program that sleeps
// and then reads the clock sees the time it slept.
#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"
#include "virtual_time.h"
#include "visible_op.h"

#include <cerrno>
#include <ctime>
#include <unistd.h>

using namespace lockstep::runtime;

namespace {

void sleepStep(const void *pc, int64_t nanos) {
  performVisible(makeOp(OpKind::thread_yield, pc));
  sleepVirtually(nanos);
}

bool validDuration(const struct timespec *t) {
  return t != nullptr && t->tv_sec >= 0 && t->tv_nsec >= 0 && t->tv_nsec < 1000000000L;
}

} // namespace

extern "C" unsigned sleep(unsigned seconds) {
  if (!modelled())
    return LOCKSTEP_REAL(sleep)(seconds);
  sleepStep(__builtin_return_address(0), int64_t{seconds} * lockstep::models::kNanosPerSecond);
  return 0;
}

extern "C" int usleep(useconds_t microseconds) {
  if (!modelled())
    return LOCKSTEP_REAL(usleep)(microseconds);
  sleepStep(__builtin_return_address(0), int64_t{microseconds} * 1000);
  return 0;
}

extern "C" int nanosleep(const struct timespec *duration, struct timespec *remaining) {
  if (!modelled())
    return LOCKSTEP_REAL(nanosleep)(duration, remaining);
  if (!validDuration(duration)) {
    errno = EINVAL;
    return -1;
  }
  sleepStep(__builtin_return_address(0), nanosOf(*duration));
  if (remaining != nullptr)
    *remaining = {0, 0};
  return 0;
}

// Returns an error number, as clock_nanosleep does. TIMER_ABSTIME sleeps to the deadline.
extern "C" int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request,
                               struct timespec *remaining) {
  lockstep::models::ClockBase base{};
  int64_t offset = 0;
  if (!modelled() || !virtualClockBase(clock, base, offset))
    return LOCKSTEP_REAL(clock_nanosleep)(clock, flags, request, remaining);
  if (!validDuration(request))
    return EINVAL;
  performVisible(makeOp(OpKind::thread_yield, __builtin_return_address(0)));
  if ((flags & TIMER_ABSTIME) != 0)
    timedOutAt(clock, request);
  else
    sleepVirtually(nanosOf(*request));
  if (remaining != nullptr && (flags & TIMER_ABSTIME) == 0)
    *remaining = {0, 0};
  return 0;
}
