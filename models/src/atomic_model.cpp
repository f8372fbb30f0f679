// The atomic-location model and the spin rule (see atomic_model.h and docs/spin-loops.md).
#include "lockstep/models/atomic_model.h"

#include "lockstep/models/operations.h"
#include "lockstep/models/race_shadow.h"

#include <cstdio>
#include <cstring>

namespace lockstep::models {
namespace {

bool isAccess(OpKind op) {
  return op == OpKind::atomic_load || op == OpKind::atomic_store || op == OpKind::atomic_rmw ||
         op == OpKind::atomic_cmpxchg || op == OpKind::memory_load;
}

bool sameSite(const CallSite &a, const CallSite &b) {
  return a.module == b.module && a.offset == b.offset;
}

bool repeats(const SpinEntry &e, const PendingOp &op, uint64_t desired) {
  return e.object == op.object && e.op == op.kind && e.flags == op.flags &&
         e.arg == static_cast<uint64_t>(op.arg) && e.arg2 == desired && sameSite(e.site, op.site);
}

bool current(const ControlBlock &cb, const SpinEntry &e) {
  return e.object < static_cast<uint32_t>(cb.objectCount) &&
         cb.objects[e.object].atomic.version == e.version;
}

uint64_t desiredOf(const ControlBlock &cb, int agent, const PendingOp &op) {
  return op.kind == OpKind::atomic_cmpxchg ? cb.payload[agent].words[0] : 0;
}

// Drops the entries whose location changed since: the agent did not re-read them since, so they
// are not (or no longer) part of a loop that changes nothing.
void pruneStale(const ControlBlock &cb, SpinRun &run) {
  uint32_t kept = 0;
  for (uint32_t i = 0; i < run.count && i < kSpinRunLength; ++i) {
    if (current(cb, run.entries[i]))
      run.entries[kept++] = run.entries[i];
  }
  run.count = kept;
}

// Adds a load-like access that changed nothing to the agent's spin run (see memoryAccessed).
void joinRun(ControlBlock &cb, SpinRun &run, const PendingOp &op, uint64_t desired,
             uint32_t version);

} // namespace

uint8_t atomicEnabled(const ControlBlock &, int, const PendingOp &) {
  return 1; // never blocked by the model: spinning is the scheduler's concern (spinBlocked)
}

Outcome atomicApply(ControlBlock &, int, const PendingOp &, uint8_t) {
  return {}; // the runtime performs the access and reports it through atomicCompleted
}

void atomicCompleted(ControlBlock &cb, int agent, const PendingOp &op, uint64_t desired,
                     uint64_t before, uint64_t after) {
  if (op.object >= static_cast<uint32_t>(cb.objectCount) || agent < 0 || agent >= kMaxAgents)
    return;
  AtomicState &location = cb.objects[op.object].atomic;
  location.value = after;
  location.size = static_cast<uint8_t>(atomicSize(op.flags));
  SpinRun &run = cb.spin.runs[agent];
  if (before != after) { // a write that changed something: no spin, and spinners may wake
    ++location.version;
    run.count = 0;
    return;
  }
  joinRun(cb, run, op, desired, location.version);
}

void memoryAccessed(ControlBlock &cb, int agent, const PendingOp &op, bool write, uint64_t value) {
  if (op.object >= static_cast<uint32_t>(cb.objectCount) || agent < 0 || agent >= kMaxAgents)
    return;
  AtomicState &location = cb.objects[op.object].atomic;
  location.value = value;
  location.size = static_cast<uint8_t>(models::kGranuleBytes);
  SpinRun &run = cb.spin.runs[agent];
  if (write) { // the stored value is not known here: counted as a change (spinners may wake)
    ++location.version;
    run.count = 0;
    return;
  }
  joinRun(cb, run, op, 0, location.version);
}

namespace {

void joinRun(ControlBlock &cb, SpinRun &run, const PendingOp &op, uint64_t desired,
             uint32_t version) {
  pruneStale(cb, run);
  SpinEntry entry{};
  entry.object = op.object;
  entry.version = version;
  entry.op = op.kind;
  entry.flags = op.flags;
  entry.arg = static_cast<uint64_t>(op.arg);
  entry.arg2 = desired;
  entry.site = op.site;
  for (uint32_t i = 0; i < run.count; ++i) {
    if (repeats(run.entries[i], op, desired)) {
      run.entries[i] = entry;
      return;
    }
  }
  if (run.count == kSpinRunLength) { // the oldest access leaves the window
    memmove(&run.entries[0], &run.entries[1], sizeof(SpinEntry) * (kSpinRunLength - 1));
    --run.count;
  }
  run.entries[run.count++] = entry;
}

} // namespace

void spinStepTaken(ControlBlock &cb, int agent, const PendingOp &op) {
  if (agent >= 0 && agent < kMaxAgents && opFamily(op.kind) != ObjectFamily::Atomic)
    cb.spin.runs[agent].count = 0;
}

bool spinBlocked(const ControlBlock &cb, int agent) {
  if (agent < 0 || agent >= kMaxAgents)
    return false;
  const AgentRecord &a = cb.agents[agent];
  if (a.state != AgentState::Parked || !isAccess(a.pending.kind))
    return false;
  const SpinRun &run = cb.spin.runs[agent];
  const uint32_t count = run.count < kSpinRunLength ? run.count : kSpinRunLength;
  const uint64_t desired = desiredOf(cb, agent, a.pending);
  bool repeated = false;
  for (uint32_t i = 0; i < count; ++i) {
    if (!current(cb, run.entries[i]))
      return false; // someone changed a location the loop reads: it may leave the loop now
    repeated = repeated || repeats(run.entries[i], a.pending, desired);
  }
  return repeated;
}

uint64_t spinBlockedAgents(const ControlBlock &cb, uint64_t candidates) {
  uint64_t blocked = 0;
  for (int i = 0; i < cb.agentCount && i < kMaxAgents; ++i) {
    const uint64_t bit = uint64_t{1} << i;
    if ((candidates & bit) != 0 && spinBlocked(cb, i))
      blocked |= bit;
  }
  return blocked;
}

void describeSpin(const ControlBlock &cb, int agent, char *out, size_t size) {
  char who[16];
  agentName(cb, agent, who, sizeof who);
  const SpinRun &run = cb.spin.runs[agent];
  const uint32_t count = run.count < kSpinRunLength ? run.count : kSpinRunLength;
  const uint32_t object = cb.agents[agent].pending.object;
  const ObjectRecord *o =
      object < static_cast<uint32_t>(cb.objectCount) ? &cb.objects[object] : nullptr;
  char where[kWhereSize + 32] = "";
  if (o != nullptr && (o->flags & kObjectShared) != 0)
    snprintf(where, sizeof where, " (%s+0x%llx)", o->where,
             static_cast<unsigned long long>(o->whereOffset));
  else if (o != nullptr)
    snprintf(where, sizeof where, " (%s)", o->where);
  snprintf(out, size,
           "%s spins: it keeps repeating %s of atomic#%u%s, value %llu%s, and no other agent can "
           "run to change %s",
           who, opName(cb.agents[agent].pending.kind), object, where,
           o != nullptr ? static_cast<unsigned long long>(o->atomic.value) : 0ULL,
           count > 1 ? " (with other locations it reads in the same loop)" : "",
           count > 1 ? "them" : "it");
}

} // namespace lockstep::models
