// The runtime's side of the virtual clock (models/virtual_clock.h): which clocks are virtual,
// and the helpers the interceptors of sleeps and timed waits use to advance it.
#pragma once

#include "lockstep/models/virtual_clock.h"

#include <ctime>

namespace lockstep::runtime {

// The base a clock id counts from; false for CPU-time clocks (forwarded to the kernel) and
// unknown ids. *offset receives a constant added to the base (CLOCK_TAI runs 37 s ahead).
bool virtualClockBase(clockid_t clock, models::ClockBase &base, int64_t &offset);

inline int64_t nanosOf(const timespec &t) {
  return static_cast<int64_t>(t.tv_sec) * models::kNanosPerSecond + t.tv_nsec;
}
inline timespec timespecOf(int64_t nanos) {
  return {static_cast<time_t>(nanos / models::kNanosPerSecond),
          static_cast<long>(nanos % models::kNanosPerSecond)};
}

// A sleep of `nanos`: advances the virtual clock (the sleep itself is a yield step).
void sleepVirtually(int64_t nanos);

// A timed wait on `clock` timed out: the virtual clock moves to its deadline when later.
// A null deadline or a CPU-time clock leaves the clock as it is.
void timedOutAt(clockid_t clock, const timespec *deadline);

// For the timed pthread calls, which return an error number: rc, after advancing the clock to
// the deadline when rc is ETIMEDOUT.
int timedResult(int rc, clockid_t clock, const timespec *deadline);

} // namespace lockstep::runtime
