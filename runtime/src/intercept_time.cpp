// Interceptors that read time: clock_gettime, gettimeofday, time, clock_getres. Under Lockstep
// they read the virtual clock (models/virtual_clock.h), so a program that measures elapsed time
// or computes a deadline sees the same values under the same schedule. CPU-time clocks are
// forwarded. Reading the clock is not a scheduling point: it cannot change another agent's
// outcome, and the value read depends only on the steps before it.
#include "real_functions.h"
#include "runtime_state.h"
#include "virtual_time.h"

#include <cerrno>
#include <sys/time.h>

namespace lockstep::runtime {

bool virtualClockBase(clockid_t clock, models::ClockBase &base, int64_t &offset) {
  offset = 0;
  switch (clock) {
  case CLOCK_REALTIME:
  case CLOCK_REALTIME_COARSE:
  case CLOCK_REALTIME_ALARM:
    base = models::ClockBase::Realtime;
    return true;
  case CLOCK_TAI:
    base = models::ClockBase::Realtime;
    offset = 37 * models::kNanosPerSecond;
    return true;
  case CLOCK_MONOTONIC:
  case CLOCK_MONOTONIC_RAW:
  case CLOCK_MONOTONIC_COARSE:
  case CLOCK_BOOTTIME:
  case CLOCK_BOOTTIME_ALARM:
    base = models::ClockBase::Monotonic;
    return true;
  default:
    return false;
  }
}

void sleepVirtually(int64_t nanos) { models::advanceVirtualClock(*gControl, nanos); }

void timedOutAt(clockid_t clock, const timespec *deadline) {
  models::ClockBase base{};
  int64_t offset = 0;
  if (deadline == nullptr || !virtualClockBase(clock, base, offset))
    return;
  models::advanceVirtualClockTo(*gControl, base, nanosOf(*deadline) - offset);
}

int timedResult(int rc, clockid_t clock, const timespec *deadline) {
  if (rc == ETIMEDOUT)
    timedOutAt(clock, deadline);
  return rc;
}

} // namespace lockstep::runtime

using namespace lockstep::runtime;

extern "C" int clock_gettime(clockid_t clock, struct timespec *out) {
  lockstep::models::ClockBase base{};
  int64_t offset = 0;
  if (!modelled() || !virtualClockBase(clock, base, offset))
    return LOCKSTEP_REAL(clock_gettime)(clock, out);
  *out = timespecOf(lockstep::models::readVirtualClock(*gControl, base) + offset);
  return 0;
}

extern "C" int gettimeofday(struct timeval *out, void *zone) {
  if (!modelled())
    return LOCKSTEP_REAL(gettimeofday)(out, zone);
  if (zone != nullptr) // obsolete; Linux reports a zero timezone
    *static_cast<struct timezone *>(zone) = {0, 0};
  const timespec now = timespecOf(
      lockstep::models::readVirtualClock(*gControl, lockstep::models::ClockBase::Realtime));
  *out = {now.tv_sec, static_cast<suseconds_t>(now.tv_nsec / 1000)};
  return 0;
}

extern "C" time_t time(time_t *out) {
  if (!modelled())
    return LOCKSTEP_REAL(time)(out);
  const time_t now = static_cast<time_t>(
      lockstep::models::readVirtualClock(*gControl, lockstep::models::ClockBase::Realtime) /
      lockstep::models::kNanosPerSecond);
  if (out != nullptr)
    *out = now;
  return now;
}

extern "C" int clock_getres(clockid_t clock, struct timespec *out) {
  lockstep::models::ClockBase base{};
  int64_t offset = 0;
  if (!modelled() || !virtualClockBase(clock, base, offset))
    return LOCKSTEP_REAL(clock_getres)(clock, out);
  if (out != nullptr)
    *out = {0, 1}; // the virtual clock counts nanoseconds
  return 0;
}
