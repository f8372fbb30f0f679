// The barrier model (models/src/barrier_model.cpp): the count-th arrival releases the others
// and gets PTHREAD_BARRIER_SERIAL_THREAD; the released waiters resume; the next generation
// starts empty; destroying a barrier with waiters is misuse.
#include "model_fixture.h"

#include <pthread.h>

namespace lockstep::models::testing {
namespace {

class BarrierModelTest : public ModelTest {
protected:
  uint32_t addBarrier(uint32_t count) {
    const uint32_t b =
        addObject(ObjectFamily::Barrier, kObjectInitialised | kObjectShared | kObjectPshared, 0);
    cb_.objects[b].barrier.count = count;
    return b;
  }
};

//   P0: wait ............ resume
//   P1:       wait (serial)
TEST_F(BarrierModelTest, LastArrivalReleasesTheGenerationAndIsSerial) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t b = addBarrier(2);
  EXPECT_EQ(run(p0, OpKind::barrier_wait, b).result, 0);
  park(p0, OpKind::barrier_resume, b);
  EXPECT_EQ(enabled(p0), 0);
  EXPECT_EQ(run(p1, OpKind::barrier_wait, b).result, PTHREAD_BARRIER_SERIAL_THREAD);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, 0);
  EXPECT_EQ(cb_.objects[b].barrier.generation, 1U);
  // Next generation: P1 arrives first and waits until P0 arrives.
  EXPECT_EQ(run(p1, OpKind::barrier_wait, b).result, 0);
  park(p1, OpKind::barrier_resume, b);
  EXPECT_EQ(enabled(p1), 0);
  EXPECT_EQ(run(p0, OpKind::barrier_wait, b).result, PTHREAD_BARRIER_SERIAL_THREAD);
  EXPECT_EQ(enabled(p1), 1);
}

TEST_F(BarrierModelTest, InitWithCountZeroIsEinval) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t b = addBarrier(1);
  EXPECT_EQ(run(p0, OpKind::barrier_init, b, -1, 1, 0).result, EINVAL);
  EXPECT_EQ(run(p0, OpKind::barrier_init, b, -1, 1, 3).result, 0);
  EXPECT_EQ(cb_.objects[b].barrier.count, 3U);
}

TEST_F(BarrierModelTest, DestroyWithWaitersIsMisuse) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t b = addBarrier(2);
  run(p0, OpKind::barrier_wait, b);
  EXPECT_EQ(run(p1, OpKind::barrier_destroy, b).bug, VerdictKind::Misuse);
  EXPECT_EQ(verdictMessage(), "P1 destroys barrier#0 while P0 waits at it");
}

} // namespace
} // namespace lockstep::models::testing
