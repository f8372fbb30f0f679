// Vector clocks and the synchronization effects of the models (models/sync_effects.h): which
// clocks each operation releases and acquires, and the happens-before edges they make.
#include "model_fixture.h"

#include "lockstep/models/sync_effects.h"

#include <cerrno>
#include <memory>

namespace lockstep::models {
namespace {

using testing::ModelTest;

TEST(VectorClock, JoinIsPointwiseMaximumAndLeqIsPointwise) {
  VectorClock a{};
  VectorClock b{};
  a.at[0] = 3;
  a.at[1] = 1;
  b.at[1] = 2;
  EXPECT_FALSE(clockLeq(a, b));
  EXPECT_FALSE(clockLeq(b, a));
  joinClock(b, a);
  EXPECT_EQ(b.at[0], 3U);
  EXPECT_EQ(b.at[1], 2U);
  EXPECT_TRUE(clockLeq(a, b));
  EXPECT_TRUE(epochBefore({3, 0}, b));
  EXPECT_FALSE(epochBefore({4, 0}, b));
  EXPECT_TRUE(epochBefore({0, 5}, b)); // no access
}

class SyncEffectTest : public ModelTest {
protected:
  std::unique_ptr<ClockStore> store_ = std::make_unique<ClockStore>();
  ClockStore &clocks_ = *store_;

  SyncEffect effectOf(int agent, OpKind kind, uint32_t object, int32_t target, int64_t result) {
    PendingOp op{};
    op.kind = kind;
    op.object = object;
    op.target = target;
    return syncEffectOf(cb_, agent, op, 0, Outcome{result});
  }
};

TEST_F(SyncEffectTest, MutexUnlockReleasesAndLockAcquires) {
  const int a = addProcessWithAgent(-1);
  const uint32_t m = addMutex(MutexType::Normal);
  SyncEffect unlock = effectOf(a, OpKind::mutex_unlock, m, -1, 0);
  EXPECT_EQ(unlock.release[0].kind, ClockKind::Object);
  EXPECT_EQ(unlock.release[0].index, m);
  EXPECT_EQ(unlock.acquire[0].kind, ClockKind::None);
  SyncEffect lock = effectOf(a, OpKind::mutex_lock, m, -1, 0);
  EXPECT_EQ(lock.acquire[0].kind, ClockKind::Object);
  EXPECT_EQ(lock.release[0].kind, ClockKind::None);
  // A failed trylock (EBUSY) acquires nothing.
  EXPECT_EQ(effectOf(a, OpKind::mutex_trylock, m, -1, EBUSY).acquire[0].kind, ClockKind::None);
}

// A0: write (epoch 1@A0), unlock m -> A1: lock m: A0's epoch happens before A1's clock.
//   A0: w  unlock(m)
//   A1:              lock(m)  r
TEST_F(SyncEffectTest, UnlockThenLockOrdersAccesses) {
  const int a0 = addProcessWithAgent(-1);
  const int a1 = addThread(0);
  const uint32_t m = addMutex(MutexType::Normal);
  startAgentClock(clocks_, a0);
  startAgentClock(clocks_, a1);
  const Epoch write{clocks_.agent[a0].at[a0], static_cast<uint8_t>(a0)};
  EXPECT_FALSE(epochBefore(write, clocks_.agent[a1]));
  applySyncEffect(clocks_, a0, effectOf(a0, OpKind::mutex_unlock, m, -1, 0));
  EXPECT_EQ(clocks_.agent[a0].at[a0], 2U) << "a release ticks the releaser's clock";
  applySyncEffect(clocks_, a1, effectOf(a1, OpKind::mutex_lock, m, -1, 0));
  EXPECT_TRUE(epochBefore(write, clocks_.agent[a1]));
  // A0's accesses after the unlock are not ordered before A1.
  EXPECT_FALSE(
      epochBefore({clocks_.agent[a0].at[a0], static_cast<uint8_t>(a0)}, clocks_.agent[a1]));
}

// fork: the child's first clock is its parent's clock at the fork; exit -> the reaping wait.
TEST_F(SyncEffectTest, ForkStartsTheChildAndExitOrdersBeforeWait) {
  const int parent = addProcessWithAgent(-1);
  startAgentClock(clocks_, parent);
  const Epoch before{clocks_.agent[parent].at[parent], static_cast<uint8_t>(parent)};
  SyncEffect fork = effectOf(parent, OpKind::process_fork, kNoObject, -1, 0);
  EXPECT_EQ(fork.release[0].kind, ClockKind::AgentStart);
  EXPECT_EQ(fork.release[0].index, static_cast<uint32_t>(cb_.agentCount));
  applySyncEffect(clocks_, parent, fork);
  const int child = addProcessWithAgent(0);
  startAgentClock(clocks_, child);
  EXPECT_TRUE(epochBefore(before, clocks_.agent[child]));
  EXPECT_FALSE(epochBefore({clocks_.agent[parent].at[parent], static_cast<uint8_t>(parent)},
                           clocks_.agent[child]))
      << "the parent's steps after the fork are concurrent with the child";

  const Epoch childWrite{clocks_.agent[child].at[child], static_cast<uint8_t>(child)};
  applySyncEffect(clocks_, child,
                  effectOf(child, OpKind::process_exit, kNoObject, cb_.agents[child].process, 0));
  EXPECT_FALSE(epochBefore(childWrite, clocks_.agent[parent]));
  SyncEffect wait = effectOf(parent, OpKind::process_wait, kNoObject, -1, 1);
  EXPECT_EQ(wait.acquire[0].kind, ClockKind::ProcessExit);
  EXPECT_EQ(wait.acquire[0].index, 1U);
  applySyncEffect(clocks_, parent, wait);
  EXPECT_TRUE(epochBefore(childWrite, clocks_.agent[parent]));
}

TEST_F(SyncEffectTest, SemaphoreCondBarrierAndJoinRules) {
  const int a = addProcessWithAgent(-1);
  EXPECT_EQ(effectOf(a, OpKind::sem_post, 0, -1, 0).release[0].kind, ClockKind::Object);
  EXPECT_EQ(effectOf(a, OpKind::sem_wait, 0, -1, 0).acquire[0].kind, ClockKind::Object);
  EXPECT_EQ(effectOf(a, OpKind::sem_trywait, 0, -1, -EAGAIN).acquire[0].kind, ClockKind::None);
  const uint32_t m = addMutex(MutexType::Normal);
  SyncEffect wait = effectOf(a, OpKind::cond_wait, 7, static_cast<int32_t>(m), 0);
  EXPECT_EQ(wait.release[0].kind, ClockKind::Object);
  EXPECT_EQ(wait.release[0].index, m) << "cond_wait gives the mutex up";
  SyncEffect back = effectOf(a, OpKind::cond_reacquire, 7, static_cast<int32_t>(m), 0);
  EXPECT_EQ(back.acquire[0].index, m);
  EXPECT_EQ(back.acquire[1].index, 7U) << "and gets the signaller's clock";
  SyncEffect arrive = effectOf(a, OpKind::barrier_wait, 3, -1, 0);
  EXPECT_EQ(arrive.release[0].index, 3U);
  EXPECT_EQ(arrive.acquire[0].index, 3U);
  EXPECT_EQ(effectOf(a, OpKind::barrier_resume, 3, -1, 0).acquire[0].index, 3U);
  SyncEffect join = effectOf(a, OpKind::thread_join, kNoObject, 5, 0);
  EXPECT_EQ(join.acquire[0].kind, ClockKind::AgentExit);
  EXPECT_EQ(join.acquire[0].index, 5U);
  SyncEffect exit = effectOf(a, OpKind::thread_exit, kNoObject, -1, kLastThreadExited);
  EXPECT_EQ(exit.release[0].kind, ClockKind::AgentExit);
  EXPECT_EQ(exit.release[1].kind, ClockKind::ProcessExit);
}

} // namespace
} // namespace lockstep::models
