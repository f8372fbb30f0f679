// Scheduling decisions inside the program under test (see scheduler.h).
#include "scheduler.h"

#include "lockstep/models/model.h"

namespace lockstep::runtime {

using namespace protocol;

namespace {

int lowestBit(uint64_t mask) { return __builtin_ctzll(mask); }

bool anyAlive(const ControlBlock &cb) {
  for (int i = 0; i < cb.agentCount; ++i) {
    if (cb.agents[i].state == AgentState::Parked)
      return true;
  }
  return false;
}

} // namespace

Decision decideNext(ControlBlock &cb, int previous, int *next) {
  uint64_t enabled = 0;
  uint8_t variantsOf[kMaxAgents] = {};
  for (int i = 0; i < cb.agentCount; ++i) {
    variantsOf[i] = models::enabledVariants(cb, i);
    if (variantsOf[i] != 0)
      enabled |= uint64_t{1} << i;
  }
  if (enabled == 0) {
    if (!anyAlive(cb))
      return Decision::Finished;
    models::reportBug(cb, -1, VerdictKind::Deadlock, "no agent can make progress");
    return Decision::Stopped;
  }
  const uint32_t step = cb.stepCount;
  if (step >= cb.maxSteps || step >= cb.capacity) {
    models::reportBug(cb, previous, VerdictKind::Livelock,
                      "the execution reached the step bound (%u steps)", step);
    return Decision::Stopped;
  }
  int agent = -1;
  uint8_t variant = kAnyVariant;
  if (step < cb.planLength) {
    const PlanEntry entry = planOf(&cb)[step];
    agent = entry.agent;
    variant = entry.variant;
    if (agent >= kMaxAgents || (enabled & (uint64_t{1} << agent)) == 0 ||
        (variant != kAnyVariant && (variant >= 8 || (variantsOf[agent] & (1U << variant)) == 0))) {
      char name[16];
      models::agentName(cb, agent < kMaxAgents ? agent : -1, name, sizeof name);
      models::reportBug(cb, agent < kMaxAgents ? agent : -1, VerdictKind::Divergence,
                        "step %u: the schedule runs %s (variant %d), which is not enabled here",
                        step + 1, name, variant == kAnyVariant ? -1 : variant);
      return Decision::Stopped;
    }
  } else if (previous >= 0 && (enabled & (uint64_t{1} << previous)) != 0) {
    agent = previous;
  } else {
    agent = lowestBit(enabled);
  }
  if (variant == kAnyVariant)
    variant = static_cast<uint8_t>(lowestBit(variantsOf[agent]));

  const PendingOp &op = cb.agents[agent].pending;
  StepRecord &record = traceOf(&cb)[step];
  record = StepRecord{};
  record.agent = static_cast<uint16_t>(agent);
  record.variant = variant;
  record.variants = variantsOf[agent];
  record.op = op.kind;
  record.object = op.object;
  record.target = op.target;
  record.enabled = enabled;
  record.site = op.site;
  cb.stepCount = step + 1;
  *next = agent;
  return Decision::Chosen;
}

} // namespace lockstep::runtime
