// The POSIX semaphore model (models/src/semaphore_model.cpp): sem_wait is enabled iff the value
// is positive, sem_timedwait acquires or times out in one step, results are 0 or -errno, and
// destroying a semaphore someone waits on is misuse.
#include "model_fixture.h"

#include <cerrno>
#include <climits>

namespace lockstep::models::testing {
namespace {

class SemaphoreModelTest : public ModelTest {};

TEST_F(SemaphoreModelTest, WaitIsEnabledIffValueIsPositive) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t s = addSemaphore(0);
  park(p0, OpKind::sem_wait, s);
  EXPECT_EQ(enabled(p0), 0);
  cb_.objects[s].sem.value = 2;
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, 0);
  EXPECT_EQ(cb_.objects[s].sem.value, 1);
  EXPECT_EQ(run(p0, OpKind::sem_wait, s).result, 0);
  EXPECT_EQ(cb_.objects[s].sem.value, 0);
  park(p0, OpKind::sem_wait, s);
  EXPECT_EQ(enabled(p0), 0);
}

TEST_F(SemaphoreModelTest, PostIncrementsAndEnablesAWaiter) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t s = addSemaphore(0);
  park(p0, OpKind::sem_wait, s);
  park(p1, OpKind::sem_post, s);
  EXPECT_EQ(enabled(p1), 1);
  EXPECT_EQ(perform(p1).result, 0);
  EXPECT_EQ(cb_.objects[s].sem.value, 1);
  EXPECT_EQ(enabled(p0), 1);
}

TEST_F(SemaphoreModelTest, PostAtTheMaximumValueIsEoverflow) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t s = addSemaphore(INT_MAX);
  EXPECT_EQ(run(p0, OpKind::sem_post, s).result, -EOVERFLOW);
  EXPECT_EQ(cb_.objects[s].sem.value, INT_MAX);
}

TEST_F(SemaphoreModelTest, TrywaitOnZeroReturnsMinusEagain) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t s = addSemaphore(0);
  park(p0, OpKind::sem_trywait, s);
  EXPECT_EQ(enabled(p0), 1) << "sem_trywait never blocks";
  const Outcome o = perform(p0);
  EXPECT_EQ(o.result, -EAGAIN);
  EXPECT_EQ(o.bug, VerdictKind::None);
  EXPECT_EQ(cb_.objects[s].sem.value, 0);

  cb_.objects[s].sem.value = 1;
  EXPECT_EQ(run(p0, OpKind::sem_trywait, s).result, 0);
  EXPECT_EQ(cb_.objects[s].sem.value, 0);
}

TEST_F(SemaphoreModelTest, TimedwaitAcquiresWhenPositive) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t s = addSemaphore(1);
  park(p0, OpKind::sem_timedwait, s);
  EXPECT_EQ(enabled(p0), 1U << kVariantAcquire) << "a semaphore that can be taken never times out";
  EXPECT_EQ(perform(p0, kVariantAcquire).result, 0);
  EXPECT_EQ(cb_.objects[s].sem.value, 0);
}

TEST_F(SemaphoreModelTest, TimedwaitTimesOutWhenZero) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t s = addSemaphore(0);
  park(p0, OpKind::sem_timedwait, s);
  EXPECT_EQ(enabled(p0), 1U << kVariantTimeout);
  const Outcome o = perform(p0, kVariantTimeout);
  EXPECT_EQ(o.result, -ETIMEDOUT);
  EXPECT_EQ(o.bug, VerdictKind::None);
  EXPECT_EQ(cb_.objects[s].sem.value, 0);
}

TEST_F(SemaphoreModelTest, GetvalueReturnsTheValue) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t s = addSemaphore(5);
  park(p0, OpKind::sem_getvalue, s);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, 5);
  EXPECT_EQ(cb_.objects[s].sem.value, 5);
}

TEST_F(SemaphoreModelTest, InitSetsValueFlagsAndHome) {
  addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t s = addSemaphore(9, kObjectShared | kObjectDestroyed, 0);
  EXPECT_EQ(run(p1, OpKind::sem_init, s, -1, /*flags (pshared)=*/1, /*arg (value)=*/3).result, 0);
  const ObjectRecord &o = cb_.objects[s];
  EXPECT_EQ(o.sem.value, 3);
  EXPECT_EQ(o.flags, kObjectShared | kObjectInitialised | kObjectPshared);
  EXPECT_EQ(o.homeProcess, 1);
  EXPECT_EQ(run(p1, OpKind::sem_init, s, -1, /*flags=*/0, /*arg=*/0).result, 0);
  EXPECT_EQ(o.flags, kObjectShared | kObjectInitialised);
}

TEST_F(SemaphoreModelTest, DestroyWithAWaiterParkedIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t s = addSemaphore(0);
  park(p1, OpKind::sem_wait, s);
  const Outcome o = run(p0, OpKind::sem_destroy, s);
  EXPECT_EQ(o.result, -EBUSY);
  EXPECT_EQ(o.bug, VerdictKind::Misuse);
  EXPECT_EQ(cb_.verdict.agent, p0);
  EXPECT_EQ(verdictMessage(), "P0 destroys semaphore#0 while P1 waits on it");
  EXPECT_EQ(cb_.objects[s].flags & kObjectDestroyed, 0U);
}

TEST_F(SemaphoreModelTest, DestroyWithATimedWaiterParkedIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t s = addSemaphore(0);
  park(p1, OpKind::sem_timedwait, s);
  EXPECT_EQ(run(p0, OpKind::sem_destroy, s).bug, VerdictKind::Misuse);
  EXPECT_EQ(verdictMessage(), "P0 destroys semaphore#0 while P1 waits on it");
}

TEST_F(SemaphoreModelTest, DestroyWithoutWaitersThenUseIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t s = addSemaphore(0);
  park(p1, OpKind::sem_post, s); // parked, but not waiting
  const Outcome o = run(p0, OpKind::sem_destroy, s);
  EXPECT_EQ(o.result, 0);
  EXPECT_EQ(o.bug, VerdictKind::None);
  EXPECT_NE(cb_.objects[s].flags & kObjectDestroyed, 0U);

  park(p0, OpKind::sem_wait, s);
  EXPECT_EQ(enabled(p0), 1) << "enabled so that the misuse is reported, not a deadlock";
  const Outcome use = perform(p0);
  EXPECT_EQ(use.result, -EINVAL);
  EXPECT_EQ(use.bug, VerdictKind::Misuse);
  EXPECT_EQ(verdictMessage(), "P0 calls sem_wait on semaphore#0 after it was destroyed");
}

TEST_F(SemaphoreModelTest, ProcessPrivateSemaphoreInSharedMemoryUsedFromAnotherProcessIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t s = addSemaphore(1, kObjectShared | kObjectInitialised, /*home=*/0);
  EXPECT_EQ(run(p0, OpKind::sem_post, s).result, 0);
  const Outcome o = run(p1, OpKind::sem_post, s);
  EXPECT_EQ(o.result, -EINVAL);
  EXPECT_EQ(o.bug, VerdictKind::Misuse);
  EXPECT_EQ(verdictMessage(),
            "P1 calls sem_post on semaphore#0, which lives in shared memory but was initialised "
            "process-private by P0: the kernel will not wake waiters in other processes "
            "(initialise it with PTHREAD_PROCESS_SHARED / pshared=1)");
  EXPECT_EQ(cb_.objects[s].sem.value, 2);
}

} // namespace
} // namespace lockstep::models::testing
