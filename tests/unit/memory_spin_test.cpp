// Unit tests of the spin rule on race focus's plain-access steps (memoryAccessed, docs/races.md
// "Spin loops"): a repeated memory_load of a focused location nobody stored to is spin-blocked,
// and any memory_store to it (its value is not known) wakes the spinner.
#include "model_fixture.h"

#include "lockstep/models/atomic_model.h"

namespace lockstep::models::testing {
namespace {

class MemorySpinTest : public ModelTest {
protected:
  void SetUp() override {
    spinner_ = addProcessWithAgent(-1);
    writer_ = addProcessWithAgent(0);
    flag_ = addObject(ObjectFamily::Atomic, kObjectShared, 0);
    data_ = addObject(ObjectFamily::Atomic, kObjectShared, 0);
  }

  void parkAt(int agent, OpKind kind, uint32_t object, uint32_t site) {
    park(agent, kind, object, -1, 0, 0);
    cb_.agents[agent].pending.site = CallSite{0, 0, site};
    spinStepTaken(cb_, agent, cb_.agents[agent].pending);
  }
  // The agent's focused plain access at `site` runs; the granule then holds `value`.
  void access(int agent, OpKind kind, uint32_t object, uint32_t site, uint64_t value) {
    parkAt(agent, kind, object, site);
    perform(agent);
    memoryAccessed(cb_, agent, cb_.agents[agent].pending, kind == OpKind::memory_store, value);
  }

  int spinner_ = 0, writer_ = 0;
  uint32_t flag_ = 0, data_ = 0;
};

//   spinner: load flag=0 @10, load flag @10 (pending): spin-blocked
//   writer:  store data (another location): still blocked; store flag: the spinner wakes
TEST_F(MemorySpinTest, RepeatedPlainLoadBlocksUntilAStoreToItsLocation) {
  access(spinner_, OpKind::memory_load, flag_, 10, 0);
  parkAt(spinner_, OpKind::memory_load, flag_, 10);
  EXPECT_TRUE(spinBlocked(cb_, spinner_));
  access(writer_, OpKind::memory_store, data_, 20, 42);
  EXPECT_TRUE(spinBlocked(cb_, spinner_));
  access(writer_, OpKind::memory_store, flag_, 21, 1);
  EXPECT_FALSE(spinBlocked(cb_, spinner_));
}

// A store counts as a change even when it writes the value already there: the runtime does not
// know the value when the step runs (conservative: the spinner runs once more).
TEST_F(MemorySpinTest, AnyStoreWakesTheSpinner) {
  access(spinner_, OpKind::memory_load, flag_, 10, 0);
  parkAt(spinner_, OpKind::memory_load, flag_, 10);
  ASSERT_TRUE(spinBlocked(cb_, spinner_));
  access(writer_, OpKind::memory_store, flag_, 21, 0);
  EXPECT_FALSE(spinBlocked(cb_, spinner_));
}

// Two loads of the flag from different places in the code are not a loop; a store by the
// spinner itself ends its run.
TEST_F(MemorySpinTest, DifferentSiteOrOwnStoreIsNoSpin) {
  access(spinner_, OpKind::memory_load, flag_, 10, 0);
  parkAt(spinner_, OpKind::memory_load, flag_, 11);
  EXPECT_FALSE(spinBlocked(cb_, spinner_));
  access(spinner_, OpKind::memory_store, data_, 12, 1);
  parkAt(spinner_, OpKind::memory_load, flag_, 10);
  EXPECT_FALSE(spinBlocked(cb_, spinner_));
}

// A plain load and an atomic load in one loop: both join the run.
TEST_F(MemorySpinTest, PlainAndAtomicLoadsFormOneRun) {
  access(spinner_, OpKind::memory_load, flag_, 10, 0);
  parkAt(spinner_, OpKind::atomic_load, data_, 11);
  perform(spinner_);
  atomicCompleted(cb_, spinner_, cb_.agents[spinner_].pending, 0, 0, 0);
  parkAt(spinner_, OpKind::memory_load, flag_, 10);
  EXPECT_TRUE(spinBlocked(cb_, spinner_));
}

} // namespace
} // namespace lockstep::models::testing
