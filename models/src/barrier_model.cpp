// The pthread barrier model (process-shared or not). pthread_barrier_wait is two steps:
// `barrier_wait` arrives; the count-th arrival releases the generation (every waiter leaves the
// barrier and a new generation starts) and returns PTHREAD_BARRIER_SERIAL_THREAD; any other
// arrival then waits in `barrier_resume`, enabled once its generation was released, and returns
// 0. Misuse: destroying a barrier that agents wait at.
#include "lockstep/models/family_models.h"
#include "lockstep/models/object_rules.h"

#include <cerrno>
#include <pthread.h>

namespace lockstep::models {
namespace {

const char *labelOf(OpKind op) {
  switch (op) {
  case OpKind::barrier_destroy:
    return "pthread_barrier_destroy";
  case OpKind::barrier_init:
    return "pthread_barrier_init";
  default:
    return "pthread_barrier_wait";
  }
}

} // namespace

uint8_t barrierEnabled(const ControlBlock &cb, int agent, const PendingOp &op) {
  if (op.kind != OpKind::barrier_resume)
    return 1;
  return (cb.objects[op.object].barrier.arrivedMask & (uint64_t{1} << agent)) == 0 ? 1 : 0;
}

Outcome barrierApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t /*variant*/) {
  ObjectRecord &o = cb.objects[op.object];
  BarrierState &b = o.barrier;
  if (op.kind == OpKind::barrier_init) {
    if (op.arg <= 0 || op.arg > INT32_MAX)
      return {EINVAL};
    if (b.arrived != 0 && (o.flags & kObjectDestroyed) == 0) {
      char who[16];
      agentName(cb, agent, who, sizeof who);
      return {EBUSY,
              reportBug(cb, agent, VerdictKind::Misuse,
                        "%s initialises barrier#%u while agents wait at it", who, op.object)};
    }
    b = BarrierState{};
    b.count = static_cast<uint32_t>(op.arg);
    o.flags = (o.flags & kObjectShared) | kObjectInitialised | (op.flags != 0 ? kObjectPshared : 0);
    o.homeProcess = cb.agents[agent].process;
    return {0};
  }
  if (op.kind == OpKind::barrier_resume)
    return {0};
  if (VerdictKind bug = checkObjectUse(cb, agent, op.object, labelOf(op.kind));
      bug != VerdictKind::None)
    return {EINVAL, bug};
  if (op.kind == OpKind::barrier_destroy) {
    if (b.arrived != 0) {
      char who[16];
      char waiter[16];
      agentName(cb, agent, who, sizeof who);
      agentName(cb, __builtin_ctzll(b.arrivedMask), waiter, sizeof waiter);
      return {EBUSY,
              reportBug(cb, agent, VerdictKind::Misuse,
                        "%s destroys barrier#%u while %s waits at it", who, op.object, waiter)};
    }
    o.flags |= kObjectDestroyed;
    return {0};
  }
  // barrier_wait
  if (b.count == 0)
    return {EINVAL};
  ++b.arrived;
  if (b.arrived >= b.count) {
    b.arrived = 0;
    b.arrivedMask = 0;
    ++b.generation;
    return {PTHREAD_BARRIER_SERIAL_THREAD};
  }
  b.arrivedMask |= uint64_t{1} << agent;
  return {0};
}

} // namespace lockstep::models
