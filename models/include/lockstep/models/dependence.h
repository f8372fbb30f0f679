// The dependence relation between two steps, from the models: two steps are dependent when
// executing them in the other order can change the state, an outcome, or whether one of them is
// enabled. The exploration (DPOR, sleep sets) and the happens-before relation it computes rely
// on it and never special-case a primitive: each family answers for its own operations, and an
// operation whose family has no rule here (one added to ops.def later: condition variables,
// pipes...) is conservatively dependent on every step that shares its object, and on every step
// when it has no object.
#pragma once

#include "control_block.h"

#include <cstdint>

namespace lockstep::models {

// A step as the dependence relation sees it: who did what to which object.
struct Event {
  int agent = 0;
  protocol::OpKind op = protocol::OpKind::thread_yield;
  uint32_t object = protocol::kNoObject;
  int32_t target = -1; // fork: child process; wait: reaped process; create/join/detach: agent
  uint16_t flags = 0;  // StepRecord::flags of the step (0 when unknown)
};

// What the relation needs to know of the execution: each agent's process and each process's
// parent. Entries out of range read as unknown (-1).
struct DependenceContext {
  const int32_t *agentProcess = nullptr;
  int agentCount = 0;
  const int32_t *processParent = nullptr;
  int processCount = 0;

  int processOf(int agent) const {
    return agent >= 0 && agent < agentCount ? agentProcess[agent] : -1;
  }
  int parentOf(int process) const {
    return process >= 0 && process < processCount ? processParent[process] : -1;
  }
};

// True when a and b (steps of different agents) do not commute. Symmetric. Steps of the same
// agent are ordered by program order, which the caller handles.
bool dependent(const Event &a, const Event &b, const DependenceContext &context);

// True when `later` (a blocking operation) can only run after `earlier`, whatever else happens:
// earlier released what later waits for. An unlock and the next lock of the same mutex by
// another agent, a thread's exit and its join. DPOR does not try to reverse such a pair (the
// race to reverse is with the step before `earlier` that took the resource). False when unsure.
bool needs(const Event &later, const Event &earlier, const DependenceContext &context);

} // namespace lockstep::models
