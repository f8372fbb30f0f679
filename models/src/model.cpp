// Dispatch of the model interface to the family models, and the helpers every model shares.
#include "lockstep/models/atomic_model.h"
#include "lockstep/models/descriptors.h"
#include "lockstep/models/epoll_edges.h" // issue 5 item 5: EPOLLET
#include "lockstep/models/epoll_model.h"
#include "lockstep/models/family_models.h"
#include "lockstep/models/ipc_models.h"
#include "lockstep/models/operations.h"
#include "lockstep/models/socket_model.h" // sockets

#include <cstdarg>
#include <cstdio>

namespace lockstep::models {

uint8_t enabledVariants(const ControlBlock &cb, int agent) {
  const AgentRecord &a = cb.agents[agent];
  if (a.state != AgentState::Parked)
    return 0;
  const PendingOp &op = a.pending;
  switch (opFamily(op.kind)) {
  case ObjectFamily::Mutex:
    return mutexEnabled(cb, agent, op);
  case ObjectFamily::Semaphore:
    return semaphoreEnabled(cb, agent, op);
  case ObjectFamily::Cond:
    return condEnabled(cb, agent, op);
  case ObjectFamily::Rwlock:
    return rwlockEnabled(cb, agent, op);
  case ObjectFamily::Barrier:
    return barrierEnabled(cb, agent, op);
  case ObjectFamily::Process:
    return processEnabled(cb, agent, op);
  case ObjectFamily::Thread:
    return threadEnabled(cb, agent, op);
  case ObjectFamily::Atomic:
    return atomicEnabled(cb, agent, op);
  case ObjectFamily::Pipe:
    return pipeEnabled(cb, agent, op);
  case ObjectFamily::Descriptor:
    return descriptorEnabled(cb, agent, op);
  case ObjectFamily::Socket: // sockets
    return socketEnabled(cb, agent, op);
  case ObjectFamily::Epoll: // issue 5 item 5
    return epollEnabled(cb, agent, op);
  case ObjectFamily::None:
    return 1; // thread_yield, sem_unlink: always enabled, one outcome
  case ObjectFamily::MessageQueue:
    return messageQueueEnabled(cb, agent, op);
  case ObjectFamily::SysvSemaphore:
    return sysvSemaphoreEnabled(cb, agent, op);
  case ObjectFamily::SysvMessageQueue:
    return sysvMessageQueueEnabled(cb, agent, op);
  default:
    break;
  }
  return 0;
}

namespace {
Outcome applyFamily(ControlBlock &cb, int agent, uint8_t variant) {
  const PendingOp &op = cb.agents[agent].pending;
  switch (opFamily(op.kind)) {
  case ObjectFamily::Mutex:
    return mutexApply(cb, agent, op, variant);
  case ObjectFamily::Semaphore:
    return semaphoreApply(cb, agent, op, variant);
  case ObjectFamily::Cond:
    return condApply(cb, agent, op, variant);
  case ObjectFamily::Rwlock:
    return rwlockApply(cb, agent, op, variant);
  case ObjectFamily::Barrier:
    return barrierApply(cb, agent, op, variant);
  case ObjectFamily::Process:
    return processApply(cb, agent, op, variant);
  case ObjectFamily::Thread:
    return threadApply(cb, agent, op, variant);
  case ObjectFamily::MessageQueue:
    return messageQueueApply(cb, agent, op, variant);
  case ObjectFamily::SysvSemaphore:
    return sysvSemaphoreApply(cb, agent, op, variant);
  case ObjectFamily::SysvMessageQueue:
    return sysvMessageQueueApply(cb, agent, op, variant);
  case ObjectFamily::Atomic:
    return atomicApply(cb, agent, op, variant);
  case ObjectFamily::Pipe:
    return pipeApply(cb, agent, op, variant);
  case ObjectFamily::Descriptor:
    return descriptorApply(cb, agent, op, variant);
  case ObjectFamily::Socket: // sockets
    return socketApply(cb, agent, op, variant);
  case ObjectFamily::Epoll: // issue 5 item 5
    return epollApply(cb, agent, op, variant);
  case ObjectFamily::None:
  default:
    break;
  }
  return {};
}
} // namespace

// Issue 5 item 5: the step's wakeups of edge-triggered epoll entries (epoll_edges.h).
Outcome apply(ControlBlock &cb, int agent, uint8_t variant) {
  const EpollEdgeProbe probe(cb);
  Outcome outcome = applyFamily(cb, agent, variant);
  const VerdictKind bug = probe.wake(cb, agent);
  if (outcome.bug == VerdictKind::None)
    outcome.bug = bug;
  return outcome;
}

VerdictKind reportBug(ControlBlock &cb, int agent, VerdictKind kind, const char *format, ...) {
  if (cb.verdict.kind != VerdictKind::None)
    return cb.verdict.kind;
  cb.verdict.kind = kind;
  cb.verdict.agent = agent;
  cb.verdict.step = cb.stepCount;
  if (agent >= 0 && agent < kMaxAgents)
    cb.verdict.site = cb.agents[agent].pending.site;
  va_list args;
  va_start(args, format);
  vsnprintf(cb.verdict.message, sizeof cb.verdict.message, format, args);
  va_end(args);
  return kind;
}

void agentName(const ControlBlock &cb, int agent, char *out, size_t size) {
  if (agent < 0 || agent >= kMaxAgents) {
    snprintf(out, size, "?");
    return;
  }
  const AgentRecord &a = cb.agents[agent];
  if (a.threadIndex == 0)
    snprintf(out, size, "P%d", a.process);
  else
    snprintf(out, size, "P%d.T%d", a.process, a.threadIndex);
}

bool agentGone(const ControlBlock &cb, int agent) {
  return cb.agents[agent].state == AgentState::Exited || cb.agents[agent].state == AgentState::Free;
}

void retireAgent(ControlBlock &cb, int agent) {
  AgentRecord &a = cb.agents[agent];
  if (a.state == AgentState::Exited)
    return;
  a.state = AgentState::Exited;
  a.turn = 0;
  ProcessRecord &p = cb.processes[a.process];
  if (p.liveThreads > 0)
    --p.liveThreads;
}

void retireProcess(ControlBlock &cb, int process, int32_t waitStatus) {
  for (int i = 0; i < cb.agentCount; ++i) {
    if (cb.agents[i].process == process)
      retireAgent(cb, i);
  }
  applySemUndo(cb, process); // issue 5: System V SEM_UNDO adjustments at exit
  ProcessRecord &p = cb.processes[process];
  p.state = ProcessState::Zombie;
  p.exitStatus = waitStatus;
  p.liveThreads = 0;
  closeProcessDescriptors(cb, process, false); // the end of a process closes its descriptors
}

} // namespace lockstep::models
