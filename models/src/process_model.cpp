// The process model: fork, exit, wait and kill. A child becomes a zombie at its exit step and is
// reaped by the first wait of its parent that matches it; among several zombie children a
// wait(-1) reaps the one forked first, as Linux walks a parent's children in fork order.
#include "lockstep/models/descriptors.h"
#include "lockstep/models/family_models.h"

#include <cerrno>

namespace lockstep::models {
namespace {

bool matches(const ProcessRecord &p, int index, int parent, int32_t target) {
  return p.parent == parent && (target == kWaitAnyChild || target == index);
}

// Lowest-index zombie child matching target, or -1; sets hasChild when any matching child
// (live or zombie) exists.
int findZombie(const ControlBlock &cb, int parent, int32_t target, bool &hasChild) {
  hasChild = false;
  for (int i = 0; i < cb.processCount && i < kMaxProcesses; ++i) {
    const ProcessRecord &p = cb.processes[i];
    if (!matches(p, i, parent, target))
      continue;
    if (p.state == ProcessState::Zombie)
      return hasChild = true, i;
    if (p.state == ProcessState::Live)
      hasChild = true;
  }
  return -1;
}

} // namespace

int createProcess(ControlBlock &cb, int parentProcess) {
  if (cb.processCount >= kMaxProcesses)
    return -1;
  const int index = cb.processCount++;
  ProcessRecord &p = cb.processes[index];
  p = ProcessRecord{};
  p.state = ProcessState::Live;
  p.parent = parentProcess;
  p.mainAgent = -1;
  return index;
}

int createAgent(ControlBlock &cb, int process, AgentState initial) {
  if (cb.agentCount >= kMaxAgents)
    return -1;
  const int index = cb.agentCount++;
  AgentRecord &a = cb.agents[index];
  a = AgentRecord{};
  a.state = initial;
  a.process = process;
  ProcessRecord &p = cb.processes[process];
  a.threadIndex = p.nextThreadIndex++;
  a.resumeAgent = -1;
  ++p.liveThreads;
  if (p.mainAgent < 0)
    p.mainAgent = index;
  return index;
}

uint8_t processEnabled(const ControlBlock &cb, int agent, const PendingOp &op) {
  if (op.kind != OpKind::process_wait)
    return 1;
  if ((op.flags & kWaitNoHang) != 0 || op.target == kWaitNotAChild)
    return 1;
  bool hasChild = false;
  const int zombie = findZombie(cb, cb.agents[agent].process, op.target, hasChild);
  return (zombie >= 0 || !hasChild) ? 1 : 0;
}

Outcome processApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t /*variant*/) {
  switch (op.kind) {
  case OpKind::process_exit:
    retireProcess(cb, cb.agents[agent].process, static_cast<int32_t>(op.arg));
    return {0};
  case OpKind::process_wait: {
    if (op.target == kWaitNotAChild)
      return {kWaitNoChild};
    bool hasChild = false;
    const int zombie = findZombie(cb, cb.agents[agent].process, op.target, hasChild);
    if (zombie >= 0) {
      cb.processes[zombie].state = ProcessState::Reaped;
      return {zombie};
    }
    return {hasChild ? kWaitNothingYet : kWaitNoChild};
  }
  case OpKind::process_kill: // the signal's effect is the runtime's (intercept_signal.cpp)
    if (op.target < 0 || op.target >= cb.processCount ||
        cb.processes[op.target].state == ProcessState::Reaped)
      return {ESRCH};
    return {0};
  case OpKind::process_exec: // exec closes the FD_CLOEXEC descriptors
    closeProcessDescriptors(cb, cb.agents[agent].process, true);
    return {0};
  default: // fork changes the model through createProcess/createAgent
    return {0};
  }
}

} // namespace lockstep::models
