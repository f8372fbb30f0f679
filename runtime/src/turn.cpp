// The turn handoff between agents (see turn.h for the overview).
#include "turn.h"

#include "race_focus.h"

#include "futex.h"
#include "race_detector.h"
#include "runtime_state.h"
#include "scheduler.h"

#include <cerrno>
#include <csignal>

namespace lockstep::runtime {
namespace {

constexpr timespec kLivenessPeriod{1, 0};
constexpr int kCheckerGoneExit = 112;

uint32_t loadAcquire(const uint32_t *word) { return __atomic_load_n(word, __ATOMIC_ACQUIRE); }

void checkCheckerAlive() {
  if (kill(gControl->checkerPid, 0) == -1 && errno == ESRCH)
    _exit(kCheckerGoneExit); // fail closed: without the checker nothing may run
}

void waitForTurn(int agent) {
  uint32_t *word = &gControl->agents[agent].turn;
  while (loadAcquire(word) == 0) {
    futexWait(word, 0, &kLivenessPeriod);
    if (loadAcquire(word) == 0)
      checkCheckerAlive();
  }
  __atomic_store_n(word, 0, __ATOMIC_RELAXED);
  gControl->currentAgent = agent;
}

void handTo(int agent) {
  gControl->currentAgent = agent;
  uint32_t *word = &gControl->agents[agent].turn;
  __atomic_store_n(word, 1, __ATOMIC_RELEASE);
  futexWakeAll(word);
}

void wakeChecker() {
  __atomic_fetch_add(&gControl->checkerWord, 1, __ATOMIC_RELEASE);
  futexWakeAll(&gControl->checkerWord);
}

// Picks the next agent after `previous` yielded; true when the caller must wait for its turn.
bool passTurn(int previous) {
  int next = -1;
  switch (decideNext(*gControl, previous, &next)) {
  case Decision::Finished:
    finishExecution();
    return false;
  case Decision::Stopped:
    stopExecution();
  case Decision::Chosen:
    break;
  }
  if (next == previous)
    return false;
  handTo(next);
  return true;
}

} // namespace

StepRecord &currentStep() { return traceOf(gControl)[gControl->stepCount - 1]; }

models::Outcome performVisible(const PendingOp &op) {
  settleFocusedStore(); // before anyone is chosen: did the agent's last focused store change?
  const int me = tAgent;
  AgentRecord &agent = self();
  agent.pending = op;
  const bool starting = agent.state == AgentState::Starting;
  agent.state = AgentState::Parked;
  if (starting) {
    handTo(agent.resumeAgent);
    waitForTurn(me);
  } else if (passTurn(me)) {
    waitForTurn(me);
  }
  agent.state = AgentState::Running;
  StepRecord &step = currentStep();
  LOCKSTEP_CHECK(step.agent == me);
  const models::Outcome outcome = models::apply(*gControl, me, step.variant);
  step.result = outcome.result;
  step.flags |= outcome.stepFlags;
  raceAfterStep(me, agent.pending, step.variant, outcome);
  if (outcome.bug != VerdictKind::None)
    stopExecution();
  return outcome;
}

void leaveTurn() {
  if (passTurn(-1))
    return;
}

void prepareToCreate(int child) {
  gControl->agents[child].resumeAgent = tAgent;
  __atomic_store_n(&self().turn, 0, __ATOMIC_RELAXED);
}

void waitForCreated() { waitForTurn(tAgent); }

void finishExecution() {
  gControl->state = ExecutionState::Finished;
  wakeChecker();
}

void stopExecution() {
  gControl->state = ExecutionState::Stopped;
  wakeChecker();
  parkForever();
}

void parkForever() {
  uint32_t never = 0;
  for (;;) {
    futexWait(&never, 0, &kLivenessPeriod);
    checkCheckerAlive();
  }
}

} // namespace lockstep::runtime
