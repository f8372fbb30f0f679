// The thread model (models/src/thread_model.cpp): pthread_join is enabled once its target
// exited, joining oneself or a detached or joined thread is an error, and the last thread to
// exit ends its process with status 0.
#include "model_fixture.h"

#include <cerrno>

namespace lockstep::models::testing {
namespace {

class ThreadModelTest : public ModelTest {};

TEST_F(ThreadModelTest, JoinIsEnabledOnceTheTargetExited) {
  const int main = addProcessWithAgent(-1);
  const int worker = addThread(0);
  park(main, OpKind::thread_join, kNoObject, worker);
  EXPECT_EQ(enabled(main), 0);
  EXPECT_EQ(run(worker, OpKind::thread_exit).result, 0);
  EXPECT_EQ(enabled(main), 1);
  EXPECT_EQ(perform(main).result, 0);
  EXPECT_EQ(cb_.agents[worker].joined, 1);
  // Joining again: EINVAL, without blocking.
  park(main, OpKind::thread_join, kNoObject, worker);
  EXPECT_EQ(enabled(main), 1);
  EXPECT_EQ(perform(main).result, EINVAL);
}

TEST_F(ThreadModelTest, JoinErrors) {
  const int main = addProcessWithAgent(-1);
  const int worker = addThread(0);
  park(main, OpKind::thread_join, kNoObject, main);
  EXPECT_EQ(enabled(main), 1);
  EXPECT_EQ(perform(main).result, EDEADLK);

  park(main, OpKind::thread_join, kNoObject, 17);
  EXPECT_EQ(enabled(main), 1);
  EXPECT_EQ(perform(main).result, ESRCH);
  EXPECT_EQ(run(main, OpKind::thread_join, kNoObject, -3).result, ESRCH);

  EXPECT_EQ(run(main, OpKind::thread_detach, kNoObject, worker).result, 0);
  park(main, OpKind::thread_join, kNoObject, worker);
  EXPECT_EQ(enabled(main), 1) << "a detached thread cannot be joined: no blocking";
  EXPECT_EQ(perform(main).result, EINVAL);
  EXPECT_EQ(cb_.verdict.kind, VerdictKind::None);
}

TEST_F(ThreadModelTest, DetachOnceThenEinval) {
  const int main = addProcessWithAgent(-1);
  const int worker = addThread(0);
  EXPECT_EQ(run(worker, OpKind::thread_detach, kNoObject, worker).result, 0);
  EXPECT_EQ(cb_.agents[worker].detached, 1);
  EXPECT_EQ(run(main, OpKind::thread_detach, kNoObject, worker).result, EINVAL);
  EXPECT_EQ(run(main, OpKind::thread_detach, kNoObject, 40).result, ESRCH);
}

TEST_F(ThreadModelTest, ExitOfTheLastThreadEndsTheProcessWithStatusZero) {
  const int main = addProcessWithAgent(-1);
  const int child = addProcessWithAgent(0);
  const int worker = addThread(1);
  EXPECT_EQ(cb_.processes[1].liveThreads, 2);

  EXPECT_EQ(run(child, OpKind::thread_exit).result, 0) << "the main thread may exit first";
  EXPECT_EQ(cb_.processes[1].liveThreads, 1);
  EXPECT_EQ(cb_.processes[1].state, ProcessState::Live);
  EXPECT_EQ(cb_.agents[child].state, AgentState::Exited);

  park(main, OpKind::process_wait, kNoObject, kWaitAnyChild);
  EXPECT_EQ(enabled(main), 0);

  EXPECT_EQ(run(worker, OpKind::thread_exit).result, kLastThreadExited);
  EXPECT_EQ(cb_.processes[1].liveThreads, 0);
  EXPECT_EQ(cb_.processes[1].state, ProcessState::Zombie);
  EXPECT_EQ(cb_.processes[1].exitStatus, 0);
  EXPECT_EQ(enabled(main), 1);
  EXPECT_EQ(perform(main).result, 1);
}

TEST_F(ThreadModelTest, CreateAndYieldAreAlwaysEnabled) {
  const int main = addProcessWithAgent(-1);
  for (OpKind op : {OpKind::thread_create, OpKind::thread_yield}) {
    park(main, op);
    EXPECT_EQ(enabled(main), 1);
    EXPECT_EQ(perform(main).result, 0);
  }
}

} // namespace
} // namespace lockstep::models::testing
