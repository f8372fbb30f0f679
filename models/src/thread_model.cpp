// The thread model: create, exit, join, detach. pthread_join is enabled once its target exited;
// joining oneself gives EDEADLK and joining a detached or already joined thread EINVAL. The last
// thread of a process to exit ends the process with status 0.
#include "lockstep/models/family_models.h"

#include <cerrno>

namespace lockstep::models {

uint8_t threadEnabled(const ControlBlock &cb, int agent, const PendingOp &op) {
  if (op.kind != OpKind::thread_join)
    return 1;
  if (op.target < 0 || op.target >= cb.agentCount || op.target == agent)
    return 1;
  const AgentRecord &t = cb.agents[op.target];
  if (t.detached != 0 || t.joined != 0)
    return 1;
  return t.state == AgentState::Exited ? 1 : 0;
}

Outcome threadApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t /*variant*/) {
  switch (op.kind) {
  case OpKind::thread_exit: {
    retireAgent(cb, agent);
    const int process = cb.agents[agent].process;
    if (cb.processes[process].liveThreads == 0) {
      retireProcess(cb, process, 0);
      return {kLastThreadExited};
    }
    return {0};
  }
  case OpKind::thread_join: {
    if (op.target < 0 || op.target >= cb.agentCount)
      return {ESRCH};
    if (op.target == agent)
      return {EDEADLK};
    AgentRecord &t = cb.agents[op.target];
    if (t.detached != 0 || t.joined != 0)
      return {EINVAL};
    t.joined = 1;
    return {0};
  }
  case OpKind::thread_detach: {
    if (op.target < 0 || op.target >= cb.agentCount)
      return {ESRCH};
    AgentRecord &t = cb.agents[op.target];
    if (t.detached != 0)
      return {EINVAL};
    t.detached = 1;
    return {0};
  }
  default:
    return {0};
  }
}

} // namespace lockstep::models
