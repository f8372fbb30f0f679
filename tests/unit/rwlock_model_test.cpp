// The rwlock model (models/src/rwlock_model.cpp): readers share, writers exclude, the
// writer-preferring non-recursive kind blocks new readers behind a waiting writer, timed locks
// acquire or time out in one step, and misuse (upgrade, unlock when not holding) is reported.
#include "model_fixture.h"

#include <cerrno>

namespace lockstep::models::testing {
namespace {

class RwlockModelTest : public ModelTest {
protected:
  uint32_t addRwlock(RwlockKind kind = RwlockKind::PreferReader) {
    const uint32_t r =
        addObject(ObjectFamily::Rwlock, kObjectInitialised | kObjectShared | kObjectPshared, 0);
    cb_.objects[r].rwlock.writer = -1;
    cb_.objects[r].rwlock.kind = kind;
    return r;
  }
};

TEST_F(RwlockModelTest, ReadersShareAndWritersExclude) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const int p2 = addProcessWithAgent(0);
  const uint32_t r = addRwlock();
  EXPECT_EQ(run(p0, OpKind::rwlock_rdlock, r).result, 0);
  park(p1, OpKind::rwlock_rdlock, r);
  EXPECT_EQ(enabled(p1), 1);
  EXPECT_EQ(perform(p1).result, 0);
  park(p2, OpKind::rwlock_wrlock, r);
  EXPECT_EQ(enabled(p2), 0);
  EXPECT_EQ(run(p2, OpKind::rwlock_trywrlock, r).result, EBUSY);
  run(p0, OpKind::rwlock_unlock, r);
  run(p1, OpKind::rwlock_unlock, r);
  park(p2, OpKind::rwlock_wrlock, r);
  EXPECT_EQ(enabled(p2), 1);
  EXPECT_EQ(perform(p2).result, 0);
  park(p0, OpKind::rwlock_rdlock, r);
  EXPECT_EQ(enabled(p0), 0);
  EXPECT_EQ(run(p0, OpKind::rwlock_tryrdlock, r).result, EBUSY);
  EXPECT_EQ(run(p2, OpKind::rwlock_wrlock, r).result, EDEADLK) << "relock by the writer";
}

TEST_F(RwlockModelTest, ReaderPreferenceLetsReadersPassAWaitingWriter) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const int p2 = addProcessWithAgent(0);
  const uint32_t r = addRwlock();
  run(p0, OpKind::rwlock_rdlock, r);
  park(p1, OpKind::rwlock_wrlock, r);
  park(p2, OpKind::rwlock_rdlock, r);
  EXPECT_EQ(enabled(p2), 1);
  cb_.objects[r].rwlock.kind = RwlockKind::PreferWriterNonrecursive;
  EXPECT_EQ(enabled(p2), 0) << "behind the waiting writer";
}

TEST_F(RwlockModelTest, TimedLocksAcquireOrTimeOut) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t r = addRwlock();
  run(p0, OpKind::rwlock_wrlock, r);
  park(p1, OpKind::rwlock_timedrdlock, r);
  EXPECT_EQ(enabled(p1), 1U << kVariantTimeout);
  EXPECT_EQ(perform(p1, kVariantTimeout).result, ETIMEDOUT);
  run(p0, OpKind::rwlock_unlock, r);
  park(p1, OpKind::rwlock_timedwrlock, r);
  EXPECT_EQ(enabled(p1), 1U << kVariantAcquire);
  EXPECT_EQ(perform(p1).result, 0);
  EXPECT_EQ(cb_.objects[r].rwlock.writer, p1);
}

TEST_F(RwlockModelTest, UpgradingAReadLockIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t r = addRwlock();
  run(p0, OpKind::rwlock_rdlock, r);
  park(p0, OpKind::rwlock_wrlock, r);
  EXPECT_EQ(enabled(p0), 1) << "decided when applied";
  EXPECT_EQ(perform(p0).bug, VerdictKind::Misuse);
  EXPECT_EQ(verdictMessage(), "P0 write-locks rwlock#0 while it holds a read lock on it: it "
                              "waits for itself forever (a read lock cannot be upgraded)");
}

TEST_F(RwlockModelTest, UnlockWhenNotHoldingIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t r = addRwlock();
  run(p0, OpKind::rwlock_rdlock, r);
  EXPECT_EQ(run(p1, OpKind::rwlock_unlock, r).bug, VerdictKind::Misuse);
  EXPECT_EQ(verdictMessage(), "P1 unlocks rwlock#0, which it does not hold (held by 1 readers)");
}

TEST_F(RwlockModelTest, ReadLocksAreRecursivePerAgent) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t r = addRwlock();
  run(p0, OpKind::rwlock_rdlock, r);
  run(p0, OpKind::rwlock_rdlock, r);
  run(p0, OpKind::rwlock_unlock, r);
  park(p1, OpKind::rwlock_wrlock, r);
  EXPECT_EQ(enabled(p1), 0) << "one read lock still held";
  run(p0, OpKind::rwlock_unlock, r);
  EXPECT_EQ(enabled(p1), 1);
}

} // namespace
} // namespace lockstep::models::testing
