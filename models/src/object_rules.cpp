// Rules shared by every synchronization object: process-private use across processes, and use
// after destroy.
#include "lockstep/models/object_rules.h"
#include "lockstep/models/operations.h"

namespace lockstep::models {

VerdictKind checkObjectUse(ControlBlock &cb, int agent, uint32_t object, const char *opLabel) {
  const ObjectRecord &o = cb.objects[object];
  const char *family = familyName(o.family);
  char who[16];
  agentName(cb, agent, who, sizeof who);
  if ((o.flags & kObjectDestroyed) != 0) {
    return reportBug(cb, agent, VerdictKind::Misuse, "%s calls %s on %s#%u after it was destroyed",
                     who, opLabel, family, object);
  }
  const int process = cb.agents[agent].process;
  if ((o.flags & kObjectShared) != 0 && (o.flags & kObjectPshared) == 0 &&
      o.homeProcess != process) {
    return reportBug(cb, agent, VerdictKind::Misuse,
                     "%s calls %s on %s#%u, which lives in shared memory but was initialised "
                     "process-private by P%d: the kernel will not wake waiters in other processes "
                     "(initialise it with PTHREAD_PROCESS_SHARED / pshared=1)",
                     who, opLabel, family, object, o.homeProcess);
  }
  return VerdictKind::None;
}

uint64_t agentsParkedOn(const ControlBlock &cb, uint32_t object, OpKind op) {
  uint64_t mask = 0;
  for (int i = 0; i < cb.agentCount && i < kMaxAgents; ++i) {
    const AgentRecord &a = cb.agents[i];
    if (a.state == AgentState::Parked && a.pending.object == object && a.pending.kind == op)
      mask |= uint64_t{1} << i;
  }
  return mask;
}

} // namespace lockstep::models
