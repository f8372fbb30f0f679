// Interceptors for threads: pthread_create, pthread_exit (and returning from the start routine),
// pthread_join, pthread_detach, sched_yield.
#include "real_functions.h"
#include "runtime_state.h"
#include "shadow_reset.h"
#include "turn.h"
#include "visible_op.h"

#include "lockstep/models/family_models.h"

#include <cerrno>
#include <cstdio>
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

namespace lockstep::runtime {
namespace {

// The thread_exit step; afterwards the thread is no agent and its teardown runs unscheduled.
void threadExitStep(const void *pc) {
  const int64_t last = performVisible(makeOp(OpKind::thread_exit, pc, kNoObject, tAgent)).result;
  if (last == models::kLastThreadExited)
    fflush(nullptr);
  leaveTurn();
  tAgent = -1;
}

struct StartRecord {
  void *(*routine)(void *);
  void *argument;
  int agent;
};

// Indexed by agent; a process only touches the entries of its own threads.
StartRecord gStarts[kMaxAgents];
pthread_t gHandles[kMaxAgents];

void *startThread(void *record) {
  const StartRecord start = *static_cast<StartRecord *>(record);
  tAgent = start.agent;
  gControl->currentAgent = start.agent; // runs eagerly until its first visible operation
  gControl->agents[start.agent].tid = gettid();
  resetOwnStack(); // glibc may give this thread the cached stack of an exited one
  void *result = start.routine(start.argument);
  if (modelled()) // returning from the start routine: the exit's call site is the routine
    threadExitStep(reinterpret_cast<const void *>(
        reinterpret_cast<uintptr_t>(reinterpret_cast<void *>(start.routine)) + 1));
  pthread_exit(result);
}

// The newest thread of this process with that handle: glibc reuses the descriptor (so the
// pthread_t) of a joined or exited detached thread for a later thread, and the handle then names
// the later one.
int agentOfHandle(pthread_t handle) {
  for (int i = gControl->agentCount - 1; i >= 0; --i) {
    if (gControl->agents[i].process == selfProcess() && gHandles[i] == handle &&
        gControl->agents[i].threadIndex != 0)
      return i;
  }
  if (pthread_equal(handle, pthread_self()) != 0)
    return tAgent;
  return -1;
}

} // namespace
} // namespace lockstep::runtime

using namespace lockstep::runtime;

extern "C" int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
                              void *(*routine)(void *), void *argument) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_create)(thread, attr, routine, argument);
  const void *pc = __builtin_return_address(0);
  performVisible(makeOp(OpKind::thread_create, pc));
  ControlBlock &cb = *gControl;
  const int agent = lockstep::models::createAgent(cb, selfProcess(), AgentState::Starting);
  if (agent < 0)
    refuseCall(pc, "pthread_create", "cannot follow: more than 64 processes or threads");
  currentStep().target = agent;
  int detachState = PTHREAD_CREATE_JOINABLE;
  if (attr != nullptr)
    pthread_attr_getdetachstate(attr, &detachState);
  cb.agents[agent].detached = detachState == PTHREAD_CREATE_DETACHED ? 1 : 0;
  gStarts[agent] = {routine, argument, agent};
  prepareToCreate(agent);
  int rc = 0;
  {
    RuntimeScope scope;
    rc = LOCKSTEP_REAL(pthread_create)(thread, attr, startThread, &gStarts[agent]);
  }
  if (rc != 0) {
    lockstep::models::retireAgent(cb, agent);
    return rc;
  }
  gHandles[agent] = *thread;
  waitForCreated();
  return 0;
}

extern "C" void pthread_exit(void *value) {
  if (modelled())
    threadExitStep(__builtin_return_address(0));
  LOCKSTEP_REAL(pthread_exit)(value);
  __builtin_unreachable();
}

extern "C" int pthread_join(pthread_t thread, void **value) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_join)(thread, value);
  const int target = agentOfHandle(thread);
  if (target < 0)
    return ESRCH;
  const auto rc = static_cast<int>(
      performVisible(makeOp(OpKind::thread_join, __builtin_return_address(0), kNoObject, target))
          .result);
  if (rc != 0)
    return rc;
  RuntimeScope scope;
  return LOCKSTEP_REAL(pthread_join)(thread, value); // the thread has left: returns at once
}

extern "C" int pthread_detach(pthread_t thread) {
  if (!modelled())
    return LOCKSTEP_REAL(pthread_detach)(thread);
  const int target = agentOfHandle(thread);
  if (target < 0)
    return ESRCH;
  const auto rc = static_cast<int>(
      performVisible(makeOp(OpKind::thread_detach, __builtin_return_address(0), kNoObject, target))
          .result);
  if (rc != 0)
    return rc;
  return LOCKSTEP_REAL(pthread_detach)(thread);
}

extern "C" int sched_yield() {
  if (!modelled())
    return LOCKSTEP_REAL(sched_yield)();
  performVisible(makeOp(OpKind::thread_yield, __builtin_return_address(0)));
  return 0;
}
