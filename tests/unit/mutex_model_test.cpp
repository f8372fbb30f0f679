// The pthread mutex model (models/src/mutex_model.cpp): when mutex_lock is enabled, what each
// operation returns, and which uses are reported as misuse, with the exact message.
#include "model_fixture.h"

#include <cerrno>

namespace lockstep::models::testing {
namespace {

class MutexModelTest : public ModelTest {};

TEST_F(MutexModelTest, LockIsEnabledIffFreeOrOwnedByTheLocker) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::ErrorCheck);

  park(p0, OpKind::mutex_lock, m);
  park(p1, OpKind::mutex_lock, m);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(enabled(p1), 1);

  EXPECT_EQ(perform(p0).result, 0);
  EXPECT_EQ(cb_.objects[m].mutex.owner, p0);
  EXPECT_EQ(cb_.objects[m].mutex.count, 1U);
  EXPECT_EQ(enabled(p1), 0) << "held by another agent";

  park(p0, OpKind::mutex_lock, m);
  EXPECT_EQ(enabled(p0), 1) << "a relock is enabled; its outcome is decided when applied";

  run(p0, OpKind::mutex_unlock, m);
  // p0 is running again, not parked: only p1's pending lock counts.
  EXPECT_EQ(enabled(p1), 1);
  EXPECT_EQ(perform(p1).result, 0);
  EXPECT_EQ(cb_.objects[m].mutex.owner, p1);
  EXPECT_EQ(cb_.verdict.kind, VerdictKind::None);
}

TEST_F(MutexModelTest, OtherOperationsAreAlwaysEnabled) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal);
  run(p0, OpKind::mutex_lock, m);
  for (OpKind op : {OpKind::mutex_trylock, OpKind::mutex_unlock, OpKind::mutex_destroy,
                    OpKind::mutex_init, OpKind::mutex_consistent}) {
    park(p1, op, m);
    EXPECT_EQ(enabled(p1), 1) << static_cast<int>(op);
  }
}

TEST_F(MutexModelTest, RecursiveRelockCountsAndNeedsAsManyUnlocks) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Recursive);
  for (uint32_t depth = 1; depth <= 3; ++depth) {
    EXPECT_EQ(run(p0, OpKind::mutex_lock, m).result, 0);
    EXPECT_EQ(cb_.objects[m].mutex.count, depth);
  }
  EXPECT_EQ(run(p0, OpKind::mutex_trylock, m).result, 0);
  EXPECT_EQ(cb_.objects[m].mutex.count, 4U);
  park(p1, OpKind::mutex_lock, m);
  for (uint32_t depth = 3; depth >= 1; --depth) {
    EXPECT_EQ(run(p0, OpKind::mutex_unlock, m).result, 0);
    EXPECT_EQ(cb_.objects[m].mutex.count, depth);
    EXPECT_EQ(cb_.objects[m].mutex.owner, p0);
    EXPECT_EQ(enabled(p1), 0);
  }
  EXPECT_EQ(run(p0, OpKind::mutex_unlock, m).result, 0);
  EXPECT_EQ(cb_.objects[m].mutex.owner, -1);
  EXPECT_EQ(cb_.objects[m].mutex.count, 0U);
  EXPECT_EQ(enabled(p1), 1);
  EXPECT_EQ(cb_.verdict.kind, VerdictKind::None);
}

TEST_F(MutexModelTest, ErrorCheckRelockReturnsEdeadlk) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t m = addMutex(MutexType::ErrorCheck);
  run(p0, OpKind::mutex_lock, m);
  const Outcome again = run(p0, OpKind::mutex_lock, m);
  EXPECT_EQ(again.result, EDEADLK);
  EXPECT_EQ(again.bug, VerdictKind::None);
  EXPECT_EQ(cb_.objects[m].mutex.count, 1U);
  EXPECT_EQ(cb_.verdict.kind, VerdictKind::None);
  EXPECT_EQ(run(p0, OpKind::mutex_trylock, m).result, EBUSY);
}

TEST_F(MutexModelTest, NormalRelockIsMisuseNamingTheAgent) {
  const int main = addProcessWithAgent(-1);
  const int worker = addThread(cb_.agents[main].process); // P0.T1
  const uint32_t m = addMutex(MutexType::Normal);
  run(worker, OpKind::mutex_lock, m);
  const Outcome again = run(worker, OpKind::mutex_lock, m);
  EXPECT_EQ(again.bug, VerdictKind::Misuse);
  EXPECT_EQ(cb_.verdict.kind, VerdictKind::Misuse);
  EXPECT_EQ(cb_.verdict.agent, worker);
  EXPECT_EQ(cb_.verdict.step, 2U);
  EXPECT_EQ(verdictMessage(),
            "P0.T1 locks mutex#0, which it already holds: a normal mutex self-deadlocks");
}

TEST_F(MutexModelTest, NormalTrylockOnOwnMutexIsEbusyNotMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t m = addMutex(MutexType::Normal);
  run(p0, OpKind::mutex_lock, m);
  const Outcome again = run(p0, OpKind::mutex_trylock, m);
  EXPECT_EQ(again.result, EBUSY);
  EXPECT_EQ(again.bug, VerdictKind::None);
}

TEST_F(MutexModelTest, UnlockByNonOwnerIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal);
  run(p0, OpKind::mutex_lock, m);
  const Outcome o = run(p1, OpKind::mutex_unlock, m);
  EXPECT_EQ(o.result, EPERM);
  EXPECT_EQ(o.bug, VerdictKind::Misuse);
  EXPECT_EQ(cb_.verdict.agent, p1);
  EXPECT_EQ(verdictMessage(), "P1 unlocks mutex#0, which it does not hold (held by P0)");
  EXPECT_EQ(cb_.objects[m].mutex.owner, p0) << "the owner keeps the mutex";
}

TEST_F(MutexModelTest, UnlockOfAFreeMutexIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t m = addMutex(MutexType::Recursive);
  const Outcome o = run(p0, OpKind::mutex_unlock, m);
  EXPECT_EQ(o.result, EPERM);
  EXPECT_EQ(o.bug, VerdictKind::Misuse);
  EXPECT_EQ(verdictMessage(), "P0 unlocks mutex#0, which it does not hold (held by nobody)");
}

TEST_F(MutexModelTest, FirstVerdictOfAnExecutionWins) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal);
  run(p1, OpKind::mutex_unlock, m);
  run(p0, OpKind::mutex_lock, m);
  const Outcome second = run(p0, OpKind::mutex_lock, m);
  EXPECT_EQ(second.bug, VerdictKind::Misuse);
  EXPECT_EQ(cb_.verdict.agent, p1);
  EXPECT_EQ(cb_.verdict.step, 1U);
  EXPECT_EQ(verdictMessage(), "P1 unlocks mutex#0, which it does not hold (held by nobody)");
}

TEST_F(MutexModelTest, TrylockOnHeldMutexReturnsEbusy) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal);
  EXPECT_EQ(run(p1, OpKind::mutex_trylock, m).result, 0);
  EXPECT_EQ(cb_.objects[m].mutex.owner, p1);
  park(p0, OpKind::mutex_trylock, m);
  EXPECT_EQ(enabled(p0), 1);
  const Outcome o = perform(p0);
  EXPECT_EQ(o.result, EBUSY);
  EXPECT_EQ(o.bug, VerdictKind::None);
  EXPECT_EQ(cb_.objects[m].mutex.owner, p1);
}

// P1 dies holding a robust mutex; P0 then acquires it with EOWNERDEAD and unlocks it without
// pthread_mutex_consistent, so the mutex becomes unrecoverable:
//
//   P0                      P1
//                           lock m        -> 0
//                           exit (holding m)
//   lock m   -> EOWNERDEAD
//   unlock m -> 0 (m now unrecoverable)
//   lock m   -> ENOTRECOVERABLE
TEST_F(MutexModelTest, RobustMutexOfDeadOwnerReturnsEownerdeadThenEnotrecoverable) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal, /*robust=*/true);
  run(p1, OpKind::mutex_lock, m);
  park(p0, OpKind::mutex_lock, m);
  EXPECT_EQ(enabled(p0), 0);

  run(p1, OpKind::process_exit, kNoObject, -1, 0, 0);
  EXPECT_EQ(cb_.agents[p1].state, AgentState::Exited);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, EOWNERDEAD);
  EXPECT_EQ(cb_.objects[m].mutex.owner, p0);
  EXPECT_EQ(cb_.objects[m].mutex.inconsistent, 1);

  EXPECT_EQ(run(p0, OpKind::mutex_unlock, m).result, 0);
  EXPECT_EQ(cb_.objects[m].mutex.unrecoverable, 1);
  EXPECT_EQ(cb_.objects[m].mutex.owner, -1);

  park(p0, OpKind::mutex_lock, m);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, ENOTRECOVERABLE);
  EXPECT_EQ(run(p0, OpKind::mutex_trylock, m).result, ENOTRECOVERABLE);
  EXPECT_EQ(cb_.objects[m].mutex.owner, -1);
  EXPECT_EQ(cb_.verdict.kind, VerdictKind::None);
}

TEST_F(MutexModelTest, RobustTrylockOfDeadOwnerAlsoReturnsEownerdead) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal, /*robust=*/true);
  run(p1, OpKind::mutex_lock, m);
  run(p1, OpKind::process_exit);
  EXPECT_EQ(run(p0, OpKind::mutex_trylock, m).result, EOWNERDEAD);
  EXPECT_EQ(cb_.objects[m].mutex.owner, p0);
}

TEST_F(MutexModelTest, ConsistentAfterEownerdeadMakesTheMutexUsableAgain) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const int p2 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal, /*robust=*/true);
  run(p1, OpKind::mutex_lock, m);
  run(p1, OpKind::process_exit);
  EXPECT_EQ(run(p0, OpKind::mutex_lock, m).result, EOWNERDEAD);

  EXPECT_EQ(run(p2, OpKind::mutex_consistent, m).result, EINVAL) << "only the owner";
  EXPECT_EQ(run(p0, OpKind::mutex_consistent, m).result, 0);
  EXPECT_EQ(cb_.objects[m].mutex.inconsistent, 0);
  EXPECT_EQ(run(p0, OpKind::mutex_consistent, m).result, EINVAL) << "already consistent";

  EXPECT_EQ(run(p0, OpKind::mutex_unlock, m).result, 0);
  EXPECT_EQ(cb_.objects[m].mutex.unrecoverable, 0);
  EXPECT_EQ(run(p2, OpKind::mutex_lock, m).result, 0);
  EXPECT_EQ(cb_.objects[m].mutex.owner, p2);
  EXPECT_EQ(cb_.verdict.kind, VerdictKind::None);
}

TEST_F(MutexModelTest, ConsistentOnNonRobustMutexIsEinval) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t m = addMutex(MutexType::Normal);
  run(p0, OpKind::mutex_lock, m);
  EXPECT_EQ(run(p0, OpKind::mutex_consistent, m).result, EINVAL);
}

TEST_F(MutexModelTest, NonRobustMutexOfDeadOwnerStaysLocked) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal);
  run(p1, OpKind::mutex_lock, m);
  run(p1, OpKind::process_exit);
  park(p0, OpKind::mutex_lock, m);
  EXPECT_EQ(enabled(p0), 0);
  // A trylock still sees it held.
  park(p0, OpKind::mutex_trylock, m);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, EBUSY);
  EXPECT_EQ(cb_.objects[m].mutex.owner, p1);
}

TEST_F(MutexModelTest, RobustMutexOfExitedThreadIsRecoveredInTheSameProcess) {
  const int main = addProcessWithAgent(-1);
  const int worker = addThread(0);
  const uint32_t m = addMutex(MutexType::Normal, /*robust=*/true);
  run(worker, OpKind::mutex_lock, m);
  EXPECT_EQ(run(worker, OpKind::thread_exit).result, 0);
  park(main, OpKind::mutex_lock, m);
  EXPECT_EQ(enabled(main), 1);
  EXPECT_EQ(perform(main).result, EOWNERDEAD);
}

TEST_F(MutexModelTest, DestroyWhileHeldIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal);
  run(p0, OpKind::mutex_lock, m);
  const Outcome o = run(p1, OpKind::mutex_destroy, m);
  EXPECT_EQ(o.result, EBUSY);
  EXPECT_EQ(o.bug, VerdictKind::Misuse);
  EXPECT_EQ(verdictMessage(), "P1 destroys mutex#0 while P0 holds it");
  EXPECT_EQ(cb_.objects[m].flags & kObjectDestroyed, 0U);
}

TEST_F(MutexModelTest, DestroyByTheOwnerWhileHeldIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t m = addMutex(MutexType::Recursive);
  run(p0, OpKind::mutex_lock, m);
  EXPECT_EQ(run(p0, OpKind::mutex_destroy, m).bug, VerdictKind::Misuse);
  EXPECT_EQ(verdictMessage(), "P0 destroys mutex#0 while P0 holds it");
}

TEST_F(MutexModelTest, DestroyOfFreeMutexMarksItDestroyed) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t m = addMutex(MutexType::Normal);
  const Outcome o = run(p0, OpKind::mutex_destroy, m);
  EXPECT_EQ(o.result, 0);
  EXPECT_EQ(o.bug, VerdictKind::None);
  EXPECT_NE(cb_.objects[m].flags & kObjectDestroyed, 0U);
}

TEST_F(MutexModelTest, LockAfterDestroyIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal);
  run(p0, OpKind::mutex_destroy, m);
  park(p1, OpKind::mutex_lock, m);
  EXPECT_EQ(enabled(p1), 1) << "enabled so that the misuse is reported, not a deadlock";
  const Outcome o = perform(p1);
  EXPECT_EQ(o.result, EINVAL);
  EXPECT_EQ(o.bug, VerdictKind::Misuse);
  EXPECT_EQ(cb_.verdict.agent, p1);
  EXPECT_EQ(verdictMessage(), "P1 calls pthread_mutex_lock on mutex#0 after it was destroyed");
}

TEST_F(MutexModelTest, UnlockAndDestroyAfterDestroyAreMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t m = addMutex(MutexType::Normal);
  run(p0, OpKind::mutex_destroy, m);
  EXPECT_EQ(run(p0, OpKind::mutex_unlock, m).bug, VerdictKind::Misuse);
  EXPECT_EQ(verdictMessage(), "P0 calls pthread_mutex_unlock on mutex#0 after it was destroyed");

  cb_.verdict = Verdict{};
  EXPECT_EQ(run(p0, OpKind::mutex_destroy, m).bug, VerdictKind::Misuse);
  EXPECT_EQ(verdictMessage(), "P0 calls pthread_mutex_destroy on mutex#0 after it was destroyed");

  cb_.verdict = Verdict{};
  EXPECT_EQ(run(p0, OpKind::mutex_trylock, m).bug, VerdictKind::Misuse);
}

TEST_F(MutexModelTest, MisuseMessagesNameTheCallMade) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t m = addMutex(MutexType::Normal);
  run(p0, OpKind::mutex_destroy, m);
  run(p0, OpKind::mutex_trylock, m);
  EXPECT_EQ(verdictMessage(), "P0 calls pthread_mutex_trylock on mutex#0 after it was destroyed");
  cb_.verdict = Verdict{};
  run(p0, OpKind::mutex_consistent, m);
  EXPECT_EQ(verdictMessage(),
            "P0 calls pthread_mutex_consistent on mutex#0 after it was destroyed");
}

TEST_F(MutexModelTest, InitAfterDestroyMakesItUsableAgain) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t m = addMutex(MutexType::Normal);
  run(p0, OpKind::mutex_destroy, m);
  EXPECT_EQ(run(p0, OpKind::mutex_init, m, -1, 0, /*arg=*/0).result, 0);
  EXPECT_EQ(cb_.objects[m].flags & kObjectDestroyed, 0U);
  EXPECT_EQ(run(p0, OpKind::mutex_lock, m).result, 0);
  EXPECT_EQ(cb_.verdict.kind, VerdictKind::None);
}

TEST_F(MutexModelTest, InitDecodesTypeRobustAndPshared) {
  addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal, false, kObjectShared, 0);
  // arg: bits 0-1 the type, bit 2 robust, bit 3 process-shared.
  EXPECT_EQ(run(p1, OpKind::mutex_init, m, -1, 0, /*arg=*/1 | 4 | 8).result, 0);
  const ObjectRecord &o = cb_.objects[m];
  EXPECT_EQ(o.mutex.type, MutexType::Recursive);
  EXPECT_EQ(o.mutex.robust, 1);
  EXPECT_EQ(o.mutex.owner, -1);
  EXPECT_EQ(o.flags, kObjectShared | kObjectInitialised | kObjectPshared);
  EXPECT_EQ(o.homeProcess, 1);

  EXPECT_EQ(run(p1, OpKind::mutex_destroy, m).result, 0);
  EXPECT_EQ(run(p1, OpKind::mutex_init, m, -1, 0, /*arg=*/2).result, 0);
  EXPECT_EQ(o.mutex.type, MutexType::ErrorCheck);
  EXPECT_EQ(o.mutex.robust, 0);
  EXPECT_EQ(o.flags, kObjectShared | kObjectInitialised);
}

TEST_F(MutexModelTest, InitWhileLockedIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t m = addMutex(MutexType::Normal);
  run(p0, OpKind::mutex_lock, m);
  EXPECT_EQ(run(p0, OpKind::mutex_init, m).bug, VerdictKind::Misuse);
  EXPECT_EQ(verdictMessage(), "P0 initialises mutex#0 while it is locked");
  EXPECT_EQ(cb_.objects[m].mutex.owner, p0);
}

TEST_F(MutexModelTest, ProcessPrivateMutexInSharedMemoryUsedFromAnotherProcessIsMisuse) {
  addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m =
      addMutex(MutexType::Normal, false, kObjectShared | kObjectInitialised, /*home=*/0);
  const Outcome o = run(p1, OpKind::mutex_lock, m);
  EXPECT_EQ(o.result, EINVAL);
  EXPECT_EQ(o.bug, VerdictKind::Misuse);
  EXPECT_EQ(cb_.verdict.agent, p1);
  EXPECT_EQ(verdictMessage(),
            "P1 calls pthread_mutex_lock on mutex#0, which lives in shared memory but was "
            "initialised process-private by P0: the kernel will not wake waiters in other "
            "processes (initialise it with PTHREAD_PROCESS_SHARED / pshared=1)");
  EXPECT_EQ(cb_.objects[m].mutex.owner, -1);
}

TEST_F(MutexModelTest, ProcessPrivateMutexIsFineInItsHomeProcessAndInPrivateMemory) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t shared = addMutex(MutexType::Normal, false, kObjectShared | kObjectInitialised, 0);
  const uint32_t privateCopy = addMutex(MutexType::Normal, false, kObjectInitialised, 0);
  const uint32_t pshared =
      addMutex(MutexType::Normal, false, kObjectShared | kObjectInitialised | kObjectPshared, 0);
  EXPECT_EQ(run(p0, OpKind::mutex_lock, shared).result, 0);
  EXPECT_EQ(run(p1, OpKind::mutex_lock, privateCopy).result, 0);
  EXPECT_EQ(run(p1, OpKind::mutex_lock, pshared).result, 0);
  EXPECT_EQ(cb_.verdict.kind, VerdictKind::None);
}

} // namespace
} // namespace lockstep::models::testing

namespace lockstep::models::testing {
namespace {

class MutexTimedlockTest : public ModelTest {};

TEST_F(MutexTimedlockTest, AcquiresWhenFreeAndTimesOutWhenHeld) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal);
  park(p0, OpKind::mutex_timedlock, m);
  EXPECT_EQ(enabled(p0), 1U << kVariantAcquire);
  EXPECT_EQ(perform(p0).result, 0);
  park(p1, OpKind::mutex_timedlock, m);
  EXPECT_EQ(enabled(p1), 1U << kVariantTimeout);
  EXPECT_EQ(perform(p1, kVariantTimeout).result, ETIMEDOUT);
  EXPECT_EQ(cb_.objects[m].mutex.owner, p0);
  park(p0, OpKind::mutex_timedlock, m);
  EXPECT_EQ(enabled(p0), 1U << kVariantTimeout) << "a normal mutex relocked waits for the deadline";
}

} // namespace
} // namespace lockstep::models::testing
