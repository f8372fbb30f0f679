// Unit tests of the atomic-location model: the dependence rule of the Atomic family and the spin
// rule (spinBlocked), on control blocks built by hand. The runtime performs the accesses; here
// atomicCompleted() is called with the values it would report.
#include "model_fixture.h"

#include "lockstep/models/atomic_model.h"
#include "lockstep/models/dependence.h"

namespace lockstep::models::testing {
namespace {

const int32_t kAgentProcess[] = {0, 1, 2};
const int32_t kProcessParent[] = {-1, 0, 0};
const DependenceContext kContext{kAgentProcess, 3, kProcessParent, 3};

bool dep(OpKind a, uint32_t objectA, OpKind b, uint32_t objectB) {
  return dependent(Event{0, a, objectA, -1}, Event{1, b, objectB, -1}, kContext);
}

TEST(AtomicDependence, TwoLoadsOfOneLocationCommute) {
  EXPECT_FALSE(dep(OpKind::atomic_load, 2, OpKind::atomic_load, 2));
}

TEST(AtomicDependence, ALoadAndAWriteOfOneLocationConflict) {
  for (OpKind write : {OpKind::atomic_store, OpKind::atomic_rmw, OpKind::atomic_cmpxchg}) {
    EXPECT_TRUE(dep(OpKind::atomic_load, 2, write, 2));
    EXPECT_TRUE(dep(write, 2, OpKind::atomic_load, 2));
    EXPECT_TRUE(dep(write, 2, OpKind::atomic_cmpxchg, 2)); // a cmpxchg counts as a write
  }
}

TEST(AtomicDependence, DifferentLocationsAndOtherFamiliesCommute) {
  EXPECT_FALSE(dep(OpKind::atomic_store, 2, OpKind::atomic_store, 3));
  EXPECT_FALSE(dep(OpKind::atomic_store, 2, OpKind::mutex_lock, 3));
  EXPECT_FALSE(dep(OpKind::mutex_unlock, 3, OpKind::atomic_rmw, 2));
}

TEST(AtomicDependence, SeqCstFenceCommutesWithEverything) {
  EXPECT_FALSE(dep(OpKind::atomic_fence, protocol::kNoObject, OpKind::atomic_store, 2));
  EXPECT_FALSE(
      dep(OpKind::atomic_fence, protocol::kNoObject, OpKind::atomic_fence, protocol::kNoObject));
  EXPECT_FALSE(dep(OpKind::mutex_lock, 1, OpKind::atomic_fence, protocol::kNoObject));
}

class SpinRuleTest : public ModelTest {
protected:
  void SetUp() override {
    spinner_ = addProcessWithAgent(-1);
    writer_ = addProcessWithAgent(0);
    flag_ = addObject(ObjectFamily::Atomic, kObjectShared, 0);
    other_ = addObject(ObjectFamily::Atomic, kObjectShared, 0);
  }

  // Parks agent on an access at `site` and completes it with the values the runtime saw.
  void access(int agent, OpKind kind, uint32_t object, uint32_t site, uint64_t before,
              uint64_t after, int64_t arg = 0) {
    parkAt(agent, kind, object, site, arg);
    perform(agent);
    atomicCompleted(cb_, agent, cb_.agents[agent].pending, 0, before, after);
  }
  void parkAt(int agent, OpKind kind, uint32_t object, uint32_t site, int64_t arg = 0) {
    park(agent, kind, object, -1, atomicFlags(4, 5, 5, 0), arg);
    cb_.agents[agent].pending.site = CallSite{0, 0, site};
    spinStepTaken(cb_, agent, cb_.agents[agent].pending);
  }

  int spinner_ = 0, writer_ = 0;
  uint32_t flag_ = 0, other_ = 0;
};

//   spinner: load flag=0 @10, load flag @10 (pending): spin-blocked
//   writer:                                              store flag=1: the spinner wakes
TEST_F(SpinRuleTest, RepeatedLoadOfAnUnchangedLocationBlocksUntilAWrite) {
  access(spinner_, OpKind::atomic_load, flag_, 10, 0, 0);
  parkAt(spinner_, OpKind::atomic_load, flag_, 10);
  EXPECT_TRUE(spinBlocked(cb_, spinner_));
  EXPECT_EQ(enabled(spinner_), 1) << "spinning is the scheduler's business, not the model's";
  access(writer_, OpKind::atomic_store, flag_, 20, 0, 1, 1);
  EXPECT_FALSE(spinBlocked(cb_, spinner_));
}

TEST_F(SpinRuleTest, ReadingTwiceFromTwoPlacesIsNoSpin) {
  access(spinner_, OpKind::atomic_load, flag_, 10, 0, 0);
  parkAt(spinner_, OpKind::atomic_load, flag_, 11);
  EXPECT_FALSE(spinBlocked(cb_, spinner_));
}

TEST_F(SpinRuleTest, AWriteThatChangesNothingDoesNotWake) {
  access(spinner_, OpKind::atomic_load, flag_, 10, 0, 0);
  access(writer_, OpKind::atomic_store, flag_, 20, 0, 0, 0); // stores the value already there
  parkAt(spinner_, OpKind::atomic_load, flag_, 10);
  EXPECT_TRUE(spinBlocked(cb_, spinner_));
}

// A test-and-set spin: exchange(flag, 1) returns 1 and leaves 1: nothing changed.
TEST_F(SpinRuleTest, FailedTestAndSetRepeatedIsASpin) {
  access(spinner_, OpKind::atomic_rmw, flag_, 10, 1, 1, 1);
  parkAt(spinner_, OpKind::atomic_rmw, flag_, 10, 1);
  EXPECT_TRUE(spinBlocked(cb_, spinner_));
  parkAt(spinner_, OpKind::atomic_rmw, flag_, 10, 2); // another operand may change the value
  EXPECT_FALSE(spinBlocked(cb_, spinner_));
}

// Peterson's loop reads two locations; a write to either wakes the spinner; the spinner's own
// visible step of another family ends its run.
TEST_F(SpinRuleTest, LoopOverTwoLocationsWakesOnEither) {
  access(spinner_, OpKind::atomic_load, flag_, 10, 1, 1);
  access(spinner_, OpKind::atomic_load, other_, 11, 1, 1);
  parkAt(spinner_, OpKind::atomic_load, flag_, 10);
  EXPECT_TRUE(spinBlocked(cb_, spinner_));
  access(writer_, OpKind::atomic_store, other_, 20, 1, 0, 0);
  EXPECT_FALSE(spinBlocked(cb_, spinner_));
  // The spinner re-reads both; the stale entry is dropped, the loop is recognised again.
  access(spinner_, OpKind::atomic_load, flag_, 10, 1, 1);
  access(spinner_, OpKind::atomic_load, other_, 11, 0, 0);
  parkAt(spinner_, OpKind::atomic_load, flag_, 10);
  EXPECT_TRUE(spinBlocked(cb_, spinner_));
  EXPECT_EQ(spinBlockedAgents(cb_, ~uint64_t{0}), uint64_t{1} << spinner_);
  park(spinner_, OpKind::thread_yield);
  perform(spinner_);
  spinStepTaken(cb_, spinner_, cb_.agents[spinner_].pending);
  parkAt(spinner_, OpKind::atomic_load, flag_, 10);
  EXPECT_FALSE(spinBlocked(cb_, spinner_));
}

TEST_F(SpinRuleTest, OwnChangingWriteEndsTheRun) {
  access(spinner_, OpKind::atomic_load, flag_, 10, 0, 0);
  access(spinner_, OpKind::atomic_rmw, other_, 12, 0, 1, 1);
  parkAt(spinner_, OpKind::atomic_load, flag_, 10);
  EXPECT_FALSE(spinBlocked(cb_, spinner_));
}

TEST_F(SpinRuleTest, DescribesTheSpinningAgentAndLocation) {
  access(spinner_, OpKind::atomic_load, flag_, 10, 0, 0);
  parkAt(spinner_, OpKind::atomic_load, flag_, 10);
  char text[kMessageSize];
  describeSpin(cb_, spinner_, text, sizeof text);
  EXPECT_NE(std::string(text).find("P0 spins"), std::string::npos) << text;
  EXPECT_NE(std::string(text).find("atomic_load of atomic#0"), std::string::npos) << text;
}

} // namespace
} // namespace lockstep::models::testing
