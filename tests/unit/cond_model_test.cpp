// The condition variable model (models/src/cond_model.cpp): a wait releases the mutex and joins
// the wait set; a signal has one variant per waiter; the woken waiter reacquires the mutex in a
// second step once it is free; timed waits time out and (with the flag) waits wake spuriously
// only while still waiting; misuse is reported.
#include "model_fixture.h"

#include <cerrno>

namespace lockstep::models::testing {
namespace {

class CondModelTest : public ModelTest {
protected:
  uint32_t addCond() {
    const uint32_t c =
        addObject(ObjectFamily::Cond, kObjectInitialised | kObjectShared | kObjectPshared, 0);
    cb_.objects[c].cond.mutex = kNoObject;
    return c;
  }
  // pthread_cond_wait's first step: agent holds mutex m.
  Outcome wait(int agent, uint32_t c, uint32_t m, bool timed = false) {
    return run(agent, OpKind::cond_wait, c, static_cast<int32_t>(m), timed ? kCondTimed : 0);
  }
  void parkReacquire(int agent, uint32_t c, uint32_t m, bool timed = false) {
    park(agent, OpKind::cond_reacquire, c, static_cast<int32_t>(m), timed ? kCondTimed : 0);
  }
};

//   P0: lock, wait ..................... reacquire (after P1 unlocks)
//   P1:             lock, signal, unlock
TEST_F(CondModelTest, WaitReleasesTheMutexAndSignalWakesTheWaiter) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal);
  const uint32_t c = addCond();
  EXPECT_EQ(run(p0, OpKind::mutex_lock, m).result, 0);
  EXPECT_EQ(wait(p0, c, m).result, 0);
  EXPECT_EQ(cb_.objects[m].mutex.owner, -1);
  EXPECT_EQ(cb_.objects[c].cond.waiters, uint64_t{1} << p0);
  parkReacquire(p0, c, m);
  EXPECT_EQ(enabled(p0), 0) << "not signalled yet";
  EXPECT_EQ(run(p1, OpKind::mutex_lock, m).result, 0);
  park(p1, OpKind::cond_signal, c);
  EXPECT_EQ(enabled(p1), 1);
  EXPECT_EQ(perform(p1).result, 0);
  EXPECT_EQ(cb_.objects[c].cond.waiters, 0U);
  EXPECT_EQ(enabled(p0), 0) << "signalled, but the mutex is held";
  EXPECT_EQ(run(p1, OpKind::mutex_unlock, m).result, 0);
  EXPECT_EQ(enabled(p0), 1U << kCondWoken);
  EXPECT_EQ(perform(p0).result, 0);
  EXPECT_EQ(cb_.objects[m].mutex.owner, p0);
}

TEST_F(CondModelTest, SignalHasOneVariantPerWaiterAndBroadcastWakesAll) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const int p2 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal);
  const uint32_t c = addCond();
  for (int a : {p0, p1}) {
    run(a, OpKind::mutex_lock, m);
    EXPECT_EQ(wait(a, c, m).result, 0);
  }
  park(p2, OpKind::cond_signal, c);
  EXPECT_EQ(enabled(p2), 0b11);
  EXPECT_EQ(perform(p2, 1).result, 0);
  EXPECT_EQ(cb_.objects[c].cond.waiters, uint64_t{1} << p0) << "variant 1 wakes the second";
  EXPECT_EQ(run(p2, OpKind::cond_broadcast, c).result, 0);
  EXPECT_EQ(cb_.objects[c].cond.waiters, 0U);
  park(p2, OpKind::cond_signal, c);
  EXPECT_EQ(enabled(p2), 1) << "a signal without waiters has one outcome";
}

TEST_F(CondModelTest, TimedWaitTimesOutOnlyWhileWaitingThenReacquires) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal);
  const uint32_t c = addCond();
  run(p0, OpKind::mutex_lock, m);
  wait(p0, c, m, true);
  run(p1, OpKind::mutex_lock, m);
  parkReacquire(p0, c, m, true);
  EXPECT_EQ(enabled(p0), 1U << kVariantTimeout) << "times out even while the mutex is held";
  EXPECT_EQ(perform(p0, kVariantTimeout).result, ETIMEDOUT);
  EXPECT_EQ(cb_.objects[c].cond.waiters, 0U);
  parkReacquire(p0, c, m, true);
  EXPECT_EQ(enabled(p0), 0) << "left the wait set; waits for the mutex";
  run(p1, OpKind::mutex_unlock, m);
  EXPECT_EQ(enabled(p0), 1U << kCondWoken);
  EXPECT_EQ(perform(p0).result, 0);
}

TEST_F(CondModelTest, SpuriousWakeupsOnlyWithTheFlag) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t m = addMutex(MutexType::Normal);
  const uint32_t c = addCond();
  run(p0, OpKind::mutex_lock, m);
  wait(p0, c, m);
  parkReacquire(p0, c, m);
  EXPECT_EQ(enabled(p0), 0);
  cb_.flags = kControlSpuriousWakeups;
  EXPECT_EQ(enabled(p0), 1U << kCondSpurious);
  EXPECT_EQ(perform(p0, kCondSpurious).result, kCondSpuriousResult);
  parkReacquire(p0, c, m);
  EXPECT_EQ(enabled(p0), 1U << kCondWoken);
}

TEST_F(CondModelTest, RobustMutexWhoseOwnerDiedIsReacquiredWithEownerdead) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal, true);
  const uint32_t c = addCond();
  run(p0, OpKind::mutex_lock, m);
  wait(p0, c, m);
  run(p1, OpKind::mutex_lock, m);
  run(p1, OpKind::cond_signal, c);
  retireProcess(cb_, cb_.agents[p1].process, 0);
  parkReacquire(p0, c, m);
  EXPECT_EQ(enabled(p0), 1U << kCondWoken);
  EXPECT_EQ(perform(p0).result, EOWNERDEAD);
}

TEST_F(CondModelTest, WaitingWithoutHoldingTheMutexIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t m = addMutex(MutexType::Normal);
  const uint32_t c = addCond();
  const Outcome o = wait(p0, c, m);
  EXPECT_EQ(o.bug, VerdictKind::Misuse);
  EXPECT_EQ(verdictMessage(), "P0 waits on cond#1 with mutex#0, which it does not hold (held by "
                              "nobody)");
}

TEST_F(CondModelTest, TwoMutexesWithOneCondIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m0 = addMutex(MutexType::Normal);
  const uint32_t m1 = addMutex(MutexType::Normal);
  const uint32_t c = addCond();
  run(p0, OpKind::mutex_lock, m0);
  wait(p0, c, m0);
  run(p1, OpKind::mutex_lock, m1);
  EXPECT_EQ(wait(p1, c, m1).bug, VerdictKind::Misuse);
  EXPECT_NE(verdictMessage().find("while P0 waits on it with mutex#0"), std::string::npos)
      << verdictMessage();
}

TEST_F(CondModelTest, DestroyWithWaitersIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal);
  const uint32_t c = addCond();
  run(p0, OpKind::mutex_lock, m);
  wait(p0, c, m);
  EXPECT_EQ(run(p1, OpKind::cond_destroy, c).bug, VerdictKind::Misuse);
  EXPECT_EQ(verdictMessage(), "P1 destroys cond#1 while P0 waits on it");
}

} // namespace
} // namespace lockstep::models::testing
