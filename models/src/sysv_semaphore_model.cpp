// The System V semaphore model (semop(2), semctl(2)). A semop applies its whole array of
// operations atomically and only when every one can proceed, in array order (a later operation
// sees the earlier ones' effect): sem_op < 0 needs semval >= |sem_op|, sem_op == 0 needs
// semval == 0. When one would block, the flags of that operation decide: IPC_NOWAIT fails with
// EAGAIN, otherwise the call blocks (semtimedop: scheduled while blocked, it times out, as
// sem_timedwait does). A value beyond SEMVMX fails with ERANGE. After IPC_RMID every waiter
// fails with EIDRM. SEM_UNDO operations accumulate an adjustment per process and semaphore,
// applied when the process exits (clamped to 0..SEMVMX as Linux does) and cleared by SETVAL and
// SETALL. The operations travel in ControlBlock::payload[agent] (see ipc_models.h).
#include "lockstep/models/ipc_models.h"

#include <cerrno>

namespace lockstep::models {
namespace {

constexpr int kSemvmx = 32767;

enum class SemopResult { Proceeds, Blocks, BlocksNowait, OutOfRange };

// Evaluates the operations on a copy of the values; `values` receives the result when they
// proceed, `blockedOn` the semaphore and sem_op of the operation that blocks.
SemopResult evaluate(const SysvSemaphoreState &s, const OpPayload &p, int32_t *values,
                     int *blockedOn = nullptr, int *blockedOp = nullptr) {
  for (int i = 0; i < s.count; ++i)
    values[i] = s.values[i];
  const uint32_t n = p.count <= kPayloadWords ? p.count : kPayloadWords;
  for (uint32_t i = 0; i < n; ++i) {
    const uint16_t num = sembufNum(p.words[i]);
    const int op = sembufOp(p.words[i]);
    if (num >= s.count)
      return SemopResult::OutOfRange; // the interceptor checks EFBIG before; defensive
    const bool blocks = op < 0 ? values[num] + op < 0 : op == 0 && values[num] != 0;
    if (blocks) {
      if (blockedOn != nullptr) {
        *blockedOn = num;
        *blockedOp = op;
      }
      return (sembufFlags(p.words[i]) & kSemNowaitFlag) != 0 ? SemopResult::BlocksNowait
                                                             : SemopResult::Blocks;
    }
    if (values[num] + op > kSemvmx)
      return SemopResult::OutOfRange;
    values[num] += op;
  }
  return SemopResult::Proceeds;
}

bool validSet(const ControlBlock &cb, uint32_t object) {
  return object < static_cast<uint32_t>(cb.objectCount) &&
         cb.objects[object].family == ObjectFamily::SysvSemaphore &&
         cb.objects[object].sysvSem.count <= kMaxSysvSems;
}

void clearUndo(ControlBlock &cb, uint32_t object, int semaphore) {
  for (uint32_t i = 0; i < cb.semUndo.count && i < kMaxSemUndo; ++i) {
    SemUndoEntry &e = cb.semUndo.entries[i];
    if (e.object == object && (semaphore < 0 || e.semaphore == semaphore))
      e.adjust = 0;
  }
}

bool addUndo(ControlBlock &cb, int process, uint32_t object, uint16_t semaphore, int adjust) {
  SemUndoTable &t = cb.semUndo;
  SemUndoEntry *free = nullptr;
  for (uint32_t i = 0; i < t.count && i < kMaxSemUndo; ++i) {
    SemUndoEntry &e = t.entries[i];
    if (e.adjust != 0 && e.process == process && e.object == object && e.semaphore == semaphore) {
      e.adjust += adjust;
      return true;
    }
    if (e.adjust == 0 && free == nullptr)
      free = &e;
  }
  if (free == nullptr) {
    if (t.count >= kMaxSemUndo)
      return false;
    free = &t.entries[t.count++];
  }
  *free = SemUndoEntry{process, object, semaphore, 0, adjust};
  return true;
}

// The agents blocked in semop on `object` whose blocking operation is on `semaphore` and waits
// for an increase (sem_op < 0) or for zero.
int64_t countWaiters(const ControlBlock &cb, uint32_t object, int semaphore, bool forZero) {
  int64_t n = 0;
  for (int a = 0; a < cb.agentCount; ++a) {
    const AgentRecord &r = cb.agents[a];
    if (r.state != AgentState::Parked || r.pending.kind != OpKind::sysv_semop ||
        r.pending.object != object)
      continue;
    int32_t values[kMaxSysvSems];
    int on = -1;
    int op = 0;
    const SemopResult result =
        evaluate(cb.objects[object].sysvSem, cb.payload[a], values, &on, &op);
    if (result == SemopResult::Blocks && on == semaphore && (op == 0) == forZero)
      ++n;
  }
  return n;
}

Outcome semop(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant) {
  SysvSemaphoreState &s = cb.objects[op.object].sysvSem;
  if (s.removed != 0)
    return {-EIDRM};
  const OpPayload &p = cb.payload[agent];
  int32_t values[kMaxSysvSems];
  switch (evaluate(s, p, values)) {
  case SemopResult::OutOfRange:
    return {-ERANGE};
  case SemopResult::BlocksNowait:
    return {-EAGAIN};
  case SemopResult::Blocks:
    return {variant == kVariantTimeout ? -ETIMEDOUT : -EAGAIN};
  case SemopResult::Proceeds:
    break;
  }
  const int process = cb.agents[agent].process;
  for (uint32_t i = 0; i < p.count && i < kPayloadWords; ++i) {
    const int semOp = sembufOp(p.words[i]);
    if ((sembufFlags(p.words[i]) & kSemUndoFlag) != 0 && semOp != 0 &&
        !addUndo(cb, process, op.object, sembufNum(p.words[i]), -semOp))
      return {-ENOSPC, reportBug(cb, agent, VerdictKind::Unsupported,
                                 "more than %d SEM_UNDO adjustments are live at once; Lockstep "
                                 "cannot follow",
                                 kMaxSemUndo)};
  }
  for (int i = 0; i < s.count; ++i)
    s.values[i] = static_cast<uint16_t>(values[i]);
  return {0};
}

Outcome semctl(ControlBlock &cb, int agent, const PendingOp &op) {
  SysvSemaphoreState &s = cb.objects[op.object].sysvSem;
  if (s.removed != 0)
    return {-EINVAL}; // the id names no set any more
  const bool needsNum = op.flags == kSemctlGetval || op.flags == kSemctlSetval ||
                        op.flags == kSemctlGetncnt || op.flags == kSemctlGetzcnt;
  if (needsNum && (op.target < 0 || op.target >= s.count))
    return {-EINVAL};
  switch (op.flags) {
  case kSemctlGetval:
    return {s.values[op.target]};
  case kSemctlGetncnt:
    return {countWaiters(cb, op.object, op.target, false)};
  case kSemctlGetzcnt:
    return {countWaiters(cb, op.object, op.target, true)};
  case kSemctlSetval:
    if (op.arg < 0 || op.arg > kSemvmx)
      return {-ERANGE};
    s.values[op.target] = static_cast<uint16_t>(op.arg);
    clearUndo(cb, op.object, op.target);
    return {0};
  case kSemctlSetall: {
    const OpPayload &p = cb.payload[agent];
    for (int i = 0; i < s.count; ++i) {
      const uint64_t word = i < static_cast<int>(p.count) ? p.words[i] : 0;
      if (word > kSemvmx)
        return {-ERANGE};
    }
    for (int i = 0; i < s.count; ++i)
      s.values[i] = static_cast<uint16_t>(i < static_cast<int>(p.count) ? p.words[i] : 0);
    clearUndo(cb, op.object, -1);
    return {0};
  }
  case kSemctlRmid:
    s.removed = 1;
    clearUndo(cb, op.object, -1);
    return {0};
  default:
    return {0};
  }
}

} // namespace

uint8_t sysvSemaphoreEnabled(const ControlBlock &cb, int agent, const PendingOp &op) {
  if (op.kind != OpKind::sysv_semop || !validSet(cb, op.object))
    return 1;
  const SysvSemaphoreState &s = cb.objects[op.object].sysvSem;
  if (s.removed != 0)
    return 1;
  int32_t values[kMaxSysvSems];
  switch (evaluate(s, cb.payload[agent], values)) {
  case SemopResult::Blocks:
    return (op.flags & kIpcTimed) != 0 ? uint8_t{1U << kVariantTimeout} : uint8_t{0};
  default:
    return uint8_t{1U << kVariantAcquire};
  }
}

// Results are 0 or a negated errno value; GETVAL, GETNCNT and GETZCNT return the count.
Outcome sysvSemaphoreApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant) {
  if (op.kind == OpKind::sysv_semget || !validSet(cb, op.object))
    return {0};
  if (op.kind == OpKind::sysv_semop)
    return semop(cb, agent, op, variant);
  return semctl(cb, agent, op);
}

void applySemUndo(ControlBlock &cb, int process) {
  for (uint32_t i = 0; i < cb.semUndo.count && i < kMaxSemUndo; ++i) {
    SemUndoEntry &e = cb.semUndo.entries[i];
    if (e.adjust == 0 || e.process != process)
      continue;
    if (validSet(cb, e.object) && e.semaphore < cb.objects[e.object].sysvSem.count &&
        cb.objects[e.object].sysvSem.removed == 0) {
      uint16_t &value = cb.objects[e.object].sysvSem.values[e.semaphore];
      int v = value + e.adjust;
      v = v < 0 ? 0 : v > kSemvmx ? kSemvmx : v;
      value = static_cast<uint16_t>(v);
    }
    e.adjust = 0;
  }
}

} // namespace lockstep::models
