// Scheduling decisions inside the program under test (see scheduler.h).
#include "scheduler.h"

#include "lockstep/models/atomic_model.h"
#include "lockstep/models/dependence.h"
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

// The sleepers still asleep once `chosen` performs `op`: those whose event is dependent with it
// wake (Godefroid's sleep sets). From the plan's last step on; cheap: sleep sets hold a few
// agents.
uint64_t wakeSleepers(const ControlBlock &cb, int chosen, const PendingOp &op, uint64_t asleep) {
  int32_t agentProcess[kMaxAgents];
  int32_t processParent[kMaxProcesses];
  const int agents = cb.agentCount < kMaxAgents ? cb.agentCount : kMaxAgents;
  const int processes = cb.processCount < kMaxProcesses ? cb.processCount : kMaxProcesses;
  for (int i = 0; i < agents; ++i)
    agentProcess[i] = cb.agents[i].process;
  for (int i = 0; i < processes; ++i)
    processParent[i] = cb.processes[i].parent;
  const models::DependenceContext context{agentProcess, agents, processParent, processes};
  const models::Event step{chosen, op.kind, op.object, op.target};
  const uint32_t count = cb.sleepCount < kMaxAgents ? cb.sleepCount : kMaxAgents;
  for (uint32_t i = 0; i < count; ++i) {
    const SleepEntry &z = cb.sleep[i];
    const uint64_t mask = z.agent < kMaxAgents ? uint64_t{1} << z.agent : 0;
    if ((asleep & mask) == 0)
      continue;
    if (z.agent == chosen ||
        models::dependent(models::Event{z.agent, z.op, z.object, z.target}, step, context))
      asleep &= ~mask;
  }
  return asleep;
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
  // Spin loops (docs/spin-loops.md): a spin-blocked agent runs only when no other agent can, and
  // then alone (it is the only agent in the step's enabled set, so no strategy branches on it).
  // The plan may still name a spin-blocked agent: it is enabled for the models.
  const uint64_t modelEnabled = enabled;
  const uint64_t spinning = models::spinBlockedAgents(cb, enabled);
  bool forced = false;
  if (spinning != 0 && (enabled & ~spinning) != 0) {
    enabled &= ~spinning;
  } else if (spinning != 0) {
    const int spinner =
        previous >= 0 && previous < kMaxAgents && (spinning & (uint64_t{1} << previous)) != 0
            ? previous
            : lowestBit(spinning);
    if (cb.spin.idle >= models::kSpinLivelockSteps) {
      char message[kMessageSize];
      models::describeSpin(cb, spinner, message, sizeof message);
      models::reportBug(cb, spinner, VerdictKind::Livelock, "%s", message);
      return Decision::Stopped;
    }
    enabled = uint64_t{1} << spinner;
    forced = true;
  }
  const uint32_t step = cb.stepCount;
  if (step >= cb.maxSteps || step >= cb.capacity) {
    models::reportBug(cb, previous, VerdictKind::Livelock,
                      "the execution reached the step bound (%u steps)", step);
    return Decision::Stopped;
  }
  int agent = -1;
  uint8_t variant = kAnyVariant;
  const bool planned = step < cb.planLength;
  PlanEntry entry = planned ? planOf(&cb)[step] : PlanEntry{};
  if (planned && entry.reserved == kPlanSoft) {
    if (entry.agent >= kMaxAgents || (enabled & (uint64_t{1} << entry.agent)) == 0) {
      // The default policy below chooses; the sleep set was computed for the planned prefix
      // and no longer holds.
      entry.agent = kMaxAgents;
      cb.asleep = 0;
      cb.sleepCount = 0;
    } else if (entry.variant != kAnyVariant &&
               (entry.variant >= 8 || (variantsOf[entry.agent] & (1U << entry.variant)) == 0))
      entry.variant = kAnyVariant;
  }
  if (planned && entry.agent < kMaxAgents) {
    agent = entry.agent;
    variant = entry.variant;
    if (agent >= kMaxAgents || (modelEnabled & (uint64_t{1} << agent)) == 0 ||
        (variant != kAnyVariant && (variant >= 8 || (variantsOf[agent] & (1U << variant)) == 0))) {
      char name[16];
      models::agentName(cb, agent < kMaxAgents ? agent : -1, name, sizeof name);
      models::reportBug(cb, agent < kMaxAgents ? agent : -1, VerdictKind::Divergence,
                        "step %u: the schedule runs %s (variant %d), which is not enabled here",
                        step + 1, name, variant == kAnyVariant ? -1 : variant);
      return Decision::Stopped;
    }
  } else if (planned && entry.reserved != kPlanSoft) {
    models::reportBug(cb, -1, VerdictKind::Divergence, "step %u: the schedule names agent %u",
                      step + 1, entry.agent);
    return Decision::Stopped;
  } else {
    // Past the plan (or at a soft entry whose agent cannot run): never a sleeping agent; when
    // every enabled agent sleeps, every extension of this execution was already explored: end
    // it as sleep-blocked (no verdict).
    const uint64_t awake = enabled & ~cb.asleep;
    if (awake == 0) {
      cb.sleepBlocked = 1;
      return Decision::Stopped;
    }
    agent = previous >= 0 && (awake & (uint64_t{1} << previous)) != 0 ? previous : lowestBit(awake);
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
  if (step + 1 >= cb.planLength && cb.asleep != 0)
    cb.asleep = wakeSleepers(cb, agent, op, cb.asleep);
  cb.spin.idle = forced && agent == lowestBit(enabled) ? cb.spin.idle + 1 : 0;
  models::spinStepTaken(cb, agent, op);
  cb.stepCount = step + 1;
  *next = agent;
  return Decision::Chosen;
}

} // namespace lockstep::runtime
