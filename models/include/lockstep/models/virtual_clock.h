// The virtual clock: what clock_gettime, gettimeofday and time return under Lockstep. Every
// execution starts at the same instant (kVirtualEpochSeconds of CLOCK_REALTIME, and
// kVirtualBootSeconds of CLOCK_MONOTONIC and CLOCK_BOOTTIME); the clock then advances only
// deterministically: by the duration of each sleep, to the deadline of each timed wait that
// times out (when the deadline is later), by kStepTick per visible step and by one nanosecond
// per read, so that two reads never return the same time. The same schedule gives the same
// times, which replay relies on.
#pragma once

#include "control_block.h"

#include <cstdint>

namespace lockstep::models {

inline constexpr int64_t kNanosPerSecond = 1000000000;
inline constexpr int64_t kVirtualEpochSeconds = 1767225600; // 2026-01-01T00:00:00Z
inline constexpr int64_t kVirtualBootSeconds = 1000;        // uptime at the start
inline constexpr int64_t kStepTick = 1000;                  // 1 µs per visible step

// Which base a clock counts from.
enum class ClockBase { Realtime, Monotonic };

// Nanoseconds elapsed since the execution started (without counting a read).
int64_t virtualElapsed(const protocol::ControlBlock &cb);

// The time of `base` now, in nanoseconds; counts one read.
int64_t readVirtualClock(protocol::ControlBlock &cb, ClockBase base);

// A sleep of `nanos` (negative counts as 0).
void advanceVirtualClock(protocol::ControlBlock &cb, int64_t nanos);

// A timed wait timed out at `deadline` (nanoseconds of `base`): the clock moves to it when it
// is later than now. True when the deadline was already past (now >= deadline).
bool advanceVirtualClockTo(protocol::ControlBlock &cb, ClockBase base, int64_t deadline);

// True when `deadline` (nanoseconds of `base`) is not later than now.
bool virtualDeadlinePassed(const protocol::ControlBlock &cb, ClockBase base, int64_t deadline);

} // namespace lockstep::models
