// The virtual clock (see virtual_clock.h): pure arithmetic on ControlBlock::clock.
#include "lockstep/models/virtual_clock.h"

namespace lockstep::models {
namespace {

int64_t baseOf(ClockBase base) {
  return (base == ClockBase::Realtime ? kVirtualEpochSeconds : kVirtualBootSeconds) *
         kNanosPerSecond;
}

} // namespace

int64_t virtualElapsed(const protocol::ControlBlock &cb) {
  return cb.clock.advanced + static_cast<int64_t>(cb.stepCount) * kStepTick +
         static_cast<int64_t>(cb.clock.reads);
}

int64_t readVirtualClock(protocol::ControlBlock &cb, ClockBase base) {
  ++cb.clock.reads;
  return baseOf(base) + virtualElapsed(cb);
}

void advanceVirtualClock(protocol::ControlBlock &cb, int64_t nanos) {
  if (nanos > 0)
    cb.clock.advanced += nanos;
}

bool advanceVirtualClockTo(protocol::ControlBlock &cb, ClockBase base, int64_t deadline) {
  const int64_t now = baseOf(base) + virtualElapsed(cb);
  if (deadline <= now)
    return true;
  cb.clock.advanced += deadline - now;
  return false;
}

bool virtualDeadlinePassed(const protocol::ControlBlock &cb, ClockBase base, int64_t deadline) {
  return deadline <= baseOf(base) + virtualElapsed(cb);
}

} // namespace lockstep::models
