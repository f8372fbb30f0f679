// Unit tests of the dependence rule of race focus's operations (docs/races.md): a focused plain
// load or store of a location (memory_load / memory_store, family Atomic) conflicts with another
// access of the same location unless both only read, and commutes with everything else.
#include "model_fixture.h"

#include "lockstep/models/dependence.h"

namespace lockstep::models::testing {
namespace {

const int32_t kAgentProcess[] = {0, 1, 2};
const int32_t kProcessParent[] = {-1, 0, 0};
const DependenceContext kContext{kAgentProcess, 3, kProcessParent, 3};

bool dep(OpKind a, uint32_t objectA, OpKind b, uint32_t objectB) {
  return dependent(Event{1, a, objectA, -1}, Event{2, b, objectB, -1}, kContext);
}

TEST(RaceFocusDependence, TwoLoadsOfOneLocationCommute) {
  EXPECT_FALSE(dep(OpKind::memory_load, 2, OpKind::memory_load, 2));
  EXPECT_FALSE(dep(OpKind::memory_load, 2, OpKind::atomic_load, 2));
}

TEST(RaceFocusDependence, AStoreConflictsWithEveryAccessOfItsLocation) {
  EXPECT_TRUE(dep(OpKind::memory_store, 2, OpKind::memory_load, 2));
  EXPECT_TRUE(dep(OpKind::memory_load, 2, OpKind::memory_store, 2));
  EXPECT_TRUE(dep(OpKind::memory_store, 2, OpKind::memory_store, 2));
  EXPECT_TRUE(dep(OpKind::memory_load, 2, OpKind::atomic_rmw, 2));
}

TEST(RaceFocusDependence, OtherLocationsAndFamiliesCommute) {
  EXPECT_FALSE(dep(OpKind::memory_store, 2, OpKind::memory_store, 3));
  EXPECT_FALSE(dep(OpKind::memory_store, 2, OpKind::mutex_lock, 3));
  EXPECT_FALSE(dep(OpKind::memory_load, 2, OpKind::atomic_fence, protocol::kNoObject));
}

} // namespace
} // namespace lockstep::models::testing
