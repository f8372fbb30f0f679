// The process model (models/src/process_model.cpp): registration of processes and agents,
// process_exit retiring every agent of the process, and process_wait's enabledness and results
// (reaping the lowest-index zombie child, WNOHANG, ECHILD).
#include "model_fixture.h"

#include "lockstep/models/dependence.h"
#include "lockstep/models/operations.h"

#include <cerrno>
#include <sys/wait.h>

namespace lockstep::models::testing {
namespace {

class ProcessModelTest : public ModelTest {
protected:
  int processOf(int agent) const { return cb_.agents[agent].process; }
};

TEST_F(ProcessModelTest, CreateProcessAndAgentNumberInCreationOrder) {
  const int root = addProcessWithAgent(-1);
  const int worker = addThread(0);
  const int child = addProcessWithAgent(0);
  EXPECT_EQ(root, 0);
  EXPECT_EQ(worker, 1);
  EXPECT_EQ(child, 2);
  EXPECT_EQ(cb_.processCount, 2);
  EXPECT_EQ(cb_.agentCount, 3);
  EXPECT_EQ(cb_.processes[0].parent, -1);
  EXPECT_EQ(cb_.processes[1].parent, 0);
  EXPECT_EQ(cb_.processes[0].state, ProcessState::Live);
  EXPECT_EQ(cb_.processes[0].mainAgent, 0);
  EXPECT_EQ(cb_.processes[1].mainAgent, 2);
  EXPECT_EQ(cb_.processes[0].liveThreads, 2);
  EXPECT_EQ(cb_.agents[worker].threadIndex, 1);
  EXPECT_EQ(cb_.agents[child].threadIndex, 0);
  EXPECT_EQ(cb_.agents[child].resumeAgent, -1);
  char name[16];
  agentName(cb_, worker, name, sizeof name);
  EXPECT_STREQ(name, "P0.T1");
  agentName(cb_, child, name, sizeof name);
  EXPECT_STREQ(name, "P1");
  agentName(cb_, 99, name, sizeof name);
  EXPECT_STREQ(name, "?");
}

TEST_F(ProcessModelTest, TablesReportFullWithMinusOne) {
  for (int i = 0; i < kMaxProcesses; ++i)
    ASSERT_EQ(createProcess(cb_, i - 1), i);
  EXPECT_EQ(createProcess(cb_, 0), -1);
  for (int i = 0; i < kMaxAgents; ++i)
    ASSERT_EQ(createAgent(cb_, 0, AgentState::Running), i);
  EXPECT_EQ(createAgent(cb_, 0, AgentState::Running), -1);
}

TEST_F(ProcessModelTest, WaitAnyWithNoChildrenIsEnabledAndReturnsEchild) {
  const int p0 = addProcessWithAgent(-1);
  park(p0, OpKind::process_wait, kNoObject, kWaitAnyChild);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, kWaitNoChild);
}

TEST_F(ProcessModelTest, WaitAnyBlocksWhileEveryChildIsLive) {
  const int p0 = addProcessWithAgent(-1);
  addProcessWithAgent(0);
  addProcessWithAgent(0);
  park(p0, OpKind::process_wait, kNoObject, kWaitAnyChild);
  EXPECT_EQ(enabled(p0), 0);
}

TEST_F(ProcessModelTest, WaitNohangIsAlwaysEnabled) {
  const int p0 = addProcessWithAgent(-1);
  const int c1 = addProcessWithAgent(0);
  park(p0, OpKind::process_wait, kNoObject, kWaitAnyChild, kWaitNoHang);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, kWaitNothingYet);

  run(c1, OpKind::process_exit, kNoObject, -1, 0, /*status=*/0);
  EXPECT_EQ(run(p0, OpKind::process_wait, kNoObject, kWaitAnyChild, kWaitNoHang).result, 1);
  EXPECT_EQ(cb_.processes[1].state, ProcessState::Reaped);
  EXPECT_EQ(run(p0, OpKind::process_wait, kNoObject, kWaitAnyChild, kWaitNoHang).result,
            kWaitNoChild);
}

TEST_F(ProcessModelTest, ExitMakesAZombieWithItsStatusAndWaitReapsIt) {
  const int p0 = addProcessWithAgent(-1);
  const int c1 = addProcessWithAgent(0);
  park(p0, OpKind::process_wait, kNoObject, kWaitAnyChild);
  EXPECT_EQ(enabled(p0), 0);
  const int status = 3 << 8; // exit(3), as waitpid reports it
  EXPECT_EQ(run(c1, OpKind::process_exit, kNoObject, -1, 0, status).result, 0);
  EXPECT_EQ(cb_.processes[1].state, ProcessState::Zombie);
  EXPECT_EQ(cb_.processes[1].exitStatus, status);
  EXPECT_TRUE(WIFEXITED(cb_.processes[1].exitStatus));
  EXPECT_EQ(WEXITSTATUS(cb_.processes[1].exitStatus), 3);

  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, 1);
  EXPECT_EQ(cb_.processes[1].state, ProcessState::Reaped);
  // The only child is reaped: the next wait has no child.
  park(p0, OpKind::process_wait, kNoObject, kWaitAnyChild);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, kWaitNoChild);
}

TEST_F(ProcessModelTest, WaitAnyReapsTheLowestIndexZombieFirst) {
  const int p0 = addProcessWithAgent(-1);
  addProcessWithAgent(0); // P1 stays live
  const int c2 = addProcessWithAgent(0);
  const int c3 = addProcessWithAgent(0);
  run(c3, OpKind::process_exit); // P3 exits first
  run(c2, OpKind::process_exit);
  EXPECT_EQ(run(p0, OpKind::process_wait, kNoObject, kWaitAnyChild).result, 2);
  EXPECT_EQ(run(p0, OpKind::process_wait, kNoObject, kWaitAnyChild).result, 3);
  park(p0, OpKind::process_wait, kNoObject, kWaitAnyChild);
  EXPECT_EQ(enabled(p0), 0) << "P1 is still live";
}

TEST_F(ProcessModelTest, WaitForOneChildIgnoresTheOthers) {
  const int p0 = addProcessWithAgent(-1);
  const int c1 = addProcessWithAgent(0);
  addProcessWithAgent(0); // P2 live
  run(c1, OpKind::process_exit);
  park(p0, OpKind::process_wait, kNoObject, /*target=*/2);
  EXPECT_EQ(enabled(p0), 0);
  park(p0, OpKind::process_wait, kNoObject, /*target=*/1);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, 1);
}

TEST_F(ProcessModelTest, WaitForANonChildIsEchild) {
  const int p0 = addProcessWithAgent(-1);
  const int c1 = addProcessWithAgent(0);
  const int grandchild = addProcessWithAgent(1);
  (void)c1;
  (void)grandchild;
  park(p0, OpKind::process_wait, kNoObject, kWaitNotAChild);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, kWaitNoChild);
  // P2 is P1's child, not P0's.
  park(p0, OpKind::process_wait, kNoObject, /*target=*/2);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, kWaitNoChild);
}

TEST_F(ProcessModelTest, ExitRetiresEveryAgentOfTheProcessOnly) {
  const int p0 = addProcessWithAgent(-1);
  const int c1 = addProcessWithAgent(0);
  const int t1 = addThread(1);
  const int t2 = addThread(1);
  cb_.agents[t1].turn = 1;
  park(t2, OpKind::sem_wait, addSemaphore(0));
  EXPECT_EQ(cb_.processes[1].liveThreads, 3);
  run(t1, OpKind::process_exit, kNoObject, -1, 0, 7 << 8);
  for (int agent : {c1, t1, t2}) {
    EXPECT_EQ(cb_.agents[agent].state, AgentState::Exited) << agent;
    EXPECT_EQ(cb_.agents[agent].turn, 0U) << agent;
    EXPECT_TRUE(agentGone(cb_, agent));
  }
  EXPECT_EQ(cb_.processes[1].liveThreads, 0);
  EXPECT_EQ(cb_.processes[1].state, ProcessState::Zombie);
  EXPECT_EQ(cb_.processes[1].exitStatus, 7 << 8);
  EXPECT_EQ(cb_.agents[p0].state, AgentState::Running);
  EXPECT_EQ(cb_.processes[0].liveThreads, 1);
  EXPECT_EQ(cb_.processes[0].state, ProcessState::Live);
  EXPECT_EQ(enabled(t2), 0) << "an exited agent is never enabled";
}

TEST_F(ProcessModelTest, ForkAndExecAreAlwaysEnabledAndChangeNothing) {
  const int p0 = addProcessWithAgent(-1);
  for (OpKind op : {OpKind::process_fork, OpKind::process_exec}) {
    park(p0, op);
    EXPECT_EQ(enabled(p0), 1);
    EXPECT_EQ(perform(p0).result, 0);
  }
  EXPECT_EQ(cb_.processCount, 1);
  EXPECT_EQ(cb_.agentCount, 1);
}

TEST_F(ProcessModelTest, OnlyParkedAgentsAreEnabled) {
  const int p0 = addProcessWithAgent(-1);
  park(p0, OpKind::thread_yield);
  EXPECT_EQ(enabled(p0), 1);
  for (AgentState state :
       {AgentState::Free, AgentState::Starting, AgentState::Running, AgentState::Exited}) {
    cb_.agents[p0].state = state;
    EXPECT_EQ(enabled(p0), 0) << static_cast<int>(state);
  }
}

// kill: the model only answers whether the target still exists (the runtime applies the signal's
// effect, holding the turn); a kill is enabled at once and conflicts with every step.
TEST_F(ProcessModelTest, KillIsEnabledAndGivesEsrchOnlyForAReapedTarget) {
  const int p0 = addProcessWithAgent(-1);
  const int c1 = addProcessWithAgent(0);
  park(p0, OpKind::process_kill, kNoObject, 1);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, 0);
  EXPECT_EQ(cb_.processes[1].state, ProcessState::Live) << "the model applies no signal";
  run(c1, OpKind::process_exit);
  EXPECT_EQ(run(p0, OpKind::process_kill, kNoObject, 1).result, 0) << "a zombie exists";
  run(p0, OpKind::process_wait, kNoObject, kWaitAnyChild);
  EXPECT_EQ(run(p0, OpKind::process_kill, kNoObject, 1).result, ESRCH);
  EXPECT_EQ(run(p0, OpKind::process_kill, kNoObject, 7).result, ESRCH);
}

TEST_F(ProcessModelTest, KillConflictsWithEveryStep) {
  const DependenceContext context;
  const Event kill{0, OpKind::process_kill, kNoObject, 1};
  for (OpKind other : {OpKind::thread_yield, OpKind::mutex_lock, OpKind::pipe_read,
                       OpKind::process_wait, OpKind::process_kill}) {
    EXPECT_TRUE(dependent(kill, Event{2, other, kNoObject, -1}, context)) << opName(other);
    EXPECT_TRUE(dependent(Event{2, other, kNoObject, -1}, kill, context)) << opName(other);
  }
}

} // namespace
} // namespace lockstep::models::testing
