// The wait-for graph (models/src/wait_graph.cpp): the sentence describing each blocked agent,
// whom it waits for, and the cycle that explains a deadlock.
#include "model_fixture.h"

#include "lockstep/models/wait_graph.h"

namespace lockstep::models::testing {
namespace {

class WaitGraphTest : public ModelTest {};

// The classic lock-order deadlock, stopped where both are blocked:
//
//   P0              P1
//   lock m0
//                   lock m1
//   lock m1 ...     lock m0 ...   (each waits for the other)
TEST_F(WaitGraphTest, TwoAgentMutexCycle) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m0 = addMutex(MutexType::Normal);
  const uint32_t m1 = addMutex(MutexType::Normal);
  run(p0, OpKind::mutex_lock, m0);
  run(p1, OpKind::mutex_lock, m1);
  park(p0, OpKind::mutex_lock, m1);
  park(p1, OpKind::mutex_lock, m0);
  ASSERT_EQ(enabled(p0), 0);
  ASSERT_EQ(enabled(p1), 0);

  const WaitInfo w0 = describeWait(cb_, p0);
  EXPECT_EQ(w0.text, "P0 waits in mutex_lock on mutex#1, held by P1");
  EXPECT_EQ(w0.waitsFor, uint64_t{1} << p1);
  const WaitInfo w1 = describeWait(cb_, p1);
  EXPECT_EQ(w1.text, "P1 waits in mutex_lock on mutex#0, held by P0");
  EXPECT_EQ(w1.waitsFor, uint64_t{1} << p0);

  EXPECT_EQ(findWaitCycle(cb_), (std::vector<int>{0, 1}));
}

TEST_F(WaitGraphTest, CycleIsFoundBehindAnAgentThatIsNotOnIt) {
  // P0 waits for P1's mutex; P1 and P2 wait for each other's.
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const int p2 = addProcessWithAgent(0);
  const uint32_t a = addMutex(MutexType::Normal);
  const uint32_t b = addMutex(MutexType::Normal);
  run(p1, OpKind::mutex_lock, a);
  run(p2, OpKind::mutex_lock, b);
  park(p0, OpKind::mutex_lock, a);
  park(p1, OpKind::mutex_lock, b);
  park(p2, OpKind::mutex_lock, a);
  EXPECT_EQ(findWaitCycle(cb_), (std::vector<int>{1, 2}));
}

TEST_F(WaitGraphTest, NoCycleWhenTheHolderRuns) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal);
  run(p1, OpKind::mutex_lock, m);
  park(p0, OpKind::mutex_lock, m);
  EXPECT_TRUE(findWaitCycle(cb_).empty());
}

TEST_F(WaitGraphTest, MutexHeldByAnExitedAgentIsSaidSo) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t m = addMutex(MutexType::Normal);
  run(p1, OpKind::mutex_lock, m);
  run(p1, OpKind::process_exit);
  park(p0, OpKind::mutex_lock, m);
  const WaitInfo w = describeWait(cb_, p0);
  EXPECT_EQ(w.text, "P0 waits in mutex_lock on mutex#0, held by P1 (exited while holding it)");
  EXPECT_EQ(w.waitsFor, 0U);
  EXPECT_TRUE(findWaitCycle(cb_).empty());
}

TEST_F(WaitGraphTest, SemaphoreJoinAndWaitSentences) {
  const int main = addProcessWithAgent(-1);
  const int worker = addThread(0);
  const int child = addProcessWithAgent(0);
  const int childWorker = addThread(1);
  const uint32_t s = addSemaphore(0);

  park(worker, OpKind::sem_wait, s);
  const WaitInfo ws = describeWait(cb_, worker);
  EXPECT_EQ(ws.text, "P0.T1 waits in sem_wait on semaphore#0 (value 0, no sem_post can come)");
  EXPECT_EQ(ws.waitsFor, 0U);

  park(main, OpKind::thread_join, kNoObject, worker);
  const WaitInfo wj = describeWait(cb_, main);
  EXPECT_EQ(wj.text, "P0 waits in thread_join for P0.T1");
  EXPECT_EQ(wj.waitsFor, uint64_t{1} << worker);

  park(main, OpKind::process_wait, kNoObject, kWaitAnyChild);
  const WaitInfo wa = describeWait(cb_, main);
  EXPECT_EQ(wa.text, "P0 waits in process_wait for any child");
  EXPECT_EQ(wa.waitsFor, (uint64_t{1} << child) | (uint64_t{1} << childWorker));

  park(main, OpKind::process_wait, kNoObject, 1);
  EXPECT_EQ(describeWait(cb_, main).text, "P0 waits in process_wait for P1");
}

// A join cycle between two threads of one process: T1 joins T2, T2 joins T1.
TEST_F(WaitGraphTest, JoinCycle) {
  addProcessWithAgent(-1);
  const int t1 = addThread(0);
  const int t2 = addThread(0);
  park(t1, OpKind::thread_join, kNoObject, t2);
  park(t2, OpKind::thread_join, kNoObject, t1);
  EXPECT_EQ(findWaitCycle(cb_), (std::vector<int>{1, 2}));
}

} // namespace
} // namespace lockstep::models::testing
