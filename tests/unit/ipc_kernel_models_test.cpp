// Unit tests of issue 5's models: POSIX message queues (enabledness of send and receive by the
// count, O_NONBLOCK, timed forms), System V semaphore sets (atomic arrays, IPC_NOWAIT, zero
// waits, SEM_UNDO at exit, SETVAL, IPC_RMID, GETNCNT/GETZCNT), the virtual clock and the
// dependence rules of both families.
#include "model_fixture.h"

#include "lockstep/models/dependence.h"
#include "lockstep/models/ipc_models.h"
#include "lockstep/models/virtual_clock.h"

#include <cerrno>

namespace lockstep::models::testing {
namespace {

class MessageQueueModelTest : public ModelTest {
protected:
  uint32_t addQueue(int64_t maxMessages, int64_t count = 0) {
    const uint32_t q = addObject(ObjectFamily::MessageQueue, kObjectInitialised, 0);
    cb_.objects[q].mq.maxMessages = maxMessages;
    cb_.objects[q].mq.messageSize = 16;
    cb_.objects[q].mq.count = count;
    return q;
  }
};

TEST_F(MessageQueueModelTest, SendBlocksWhileFullAndReceiveWhileEmpty) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t q = addQueue(1);
  park(p1, OpKind::mq_receive, q);
  EXPECT_EQ(enabled(p1), 0);
  EXPECT_EQ(run(p0, OpKind::mq_send, q).result, 0);
  EXPECT_EQ(cb_.objects[q].mq.count, 1);
  EXPECT_EQ(enabled(p1), 1U << kVariantAcquire);
  park(p0, OpKind::mq_send, q);
  EXPECT_EQ(enabled(p0), 0) << "the queue is full";
  EXPECT_EQ(perform(p1).result, 0);
  EXPECT_EQ(cb_.objects[q].mq.count, 0);
  EXPECT_EQ(enabled(p0), 1U << kVariantAcquire);
}

TEST_F(MessageQueueModelTest, NonblockingFailsWithEagainAndTimedTimesOut) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t q = addQueue(2);
  park(p0, OpKind::mq_receive, q, -1, kIpcNonblocking);
  EXPECT_EQ(enabled(p0), 1U << kVariantAcquire);
  EXPECT_EQ(perform(p0).result, -EAGAIN);
  park(p0, OpKind::mq_receive, q, -1, kIpcTimed);
  EXPECT_EQ(enabled(p0), 1U << kVariantTimeout);
  EXPECT_EQ(perform(p0, kVariantTimeout).result, -ETIMEDOUT);
  EXPECT_EQ(cb_.objects[q].mq.count, 0);
}

TEST_F(MessageQueueModelTest, ErrorsFoundBeforeTheCallLeaveTheQueueAlone) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t q = addQueue(1, 1);
  EXPECT_EQ(run(p0, OpKind::mq_send, q, -1, kIpcFailsAtOnce, EMSGSIZE).result, -EMSGSIZE);
  EXPECT_EQ(cb_.objects[q].mq.count, 1);
  EXPECT_EQ(run(p0, OpKind::mq_getattr, q).result, 1);
}

class SysvSemaphoreModelTest : public ModelTest {
protected:
  uint32_t addSet(std::initializer_list<uint16_t> values) {
    const uint32_t s = addObject(ObjectFamily::SysvSemaphore, kObjectInitialised, 0);
    SysvSemaphoreState &st = cb_.objects[s].sysvSem;
    st.count = static_cast<uint16_t>(values.size());
    int i = 0;
    for (uint16_t v : values)
      st.values[i++] = v;
    return s;
  }
  void semops(int agent, std::initializer_list<uint64_t> ops) {
    OpPayload &p = cb_.payload[agent];
    p.count = 0;
    for (uint64_t w : ops)
      p.words[p.count++] = w;
  }
  uint16_t value(uint32_t set, int i) const { return cb_.objects[set].sysvSem.values[i]; }
};

TEST_F(SysvSemaphoreModelTest, AnArrayIsAppliedAtomicallyOnlyWhenEveryOperationProceeds) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t s = addSet({1, 0});
  semops(p0, {packSembuf(0, -1, 0), packSembuf(1, -1, 0)});
  park(p0, OpKind::sysv_semop, s);
  EXPECT_EQ(enabled(p0), 0) << "semaphore 1 is 0";
  EXPECT_EQ(value(s, 0), 1) << "nothing applied while blocked";
  cb_.objects[s].sysvSem.values[1] = 1;
  EXPECT_EQ(enabled(p0), 1U << kVariantAcquire);
  EXPECT_EQ(perform(p0).result, 0);
  EXPECT_EQ(value(s, 0), 0);
  EXPECT_EQ(value(s, 1), 0);
}

TEST_F(SysvSemaphoreModelTest, LaterOperationsSeeEarlierOnesAndZeroWaitsNeedZero) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t s = addSet({0});
  semops(p0, {packSembuf(0, 2, 0), packSembuf(0, -1, 0)});
  EXPECT_EQ(run(p0, OpKind::sysv_semop, s).result, 0);
  EXPECT_EQ(value(s, 0), 1);
  semops(p0, {packSembuf(0, 0, 0)});
  park(p0, OpKind::sysv_semop, s);
  EXPECT_EQ(enabled(p0), 0) << "waits for zero";
  semops(p0, {packSembuf(0, 0, kSemNowaitFlag)});
  EXPECT_EQ(enabled(p0), 1U << kVariantAcquire);
  EXPECT_EQ(perform(p0).result, -EAGAIN);
}

TEST_F(SysvSemaphoreModelTest, TimedSemopTimesOutWhenBlocked) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t s = addSet({0});
  semops(p0, {packSembuf(0, -1, 0)});
  park(p0, OpKind::sysv_semop, s, -1, kIpcTimed);
  EXPECT_EQ(enabled(p0), 1U << kVariantTimeout);
  EXPECT_EQ(perform(p0, kVariantTimeout).result, -ETIMEDOUT);
}

TEST_F(SysvSemaphoreModelTest, SemUndoIsAppliedWhenTheProcessExits) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t s = addSet({1});
  semops(p1, {packSembuf(0, -1, kSemUndoFlag)});
  EXPECT_EQ(run(p1, OpKind::sysv_semop, s).result, 0);
  EXPECT_EQ(value(s, 0), 0);
  semops(p0, {packSembuf(0, -1, 0)});
  park(p0, OpKind::sysv_semop, s);
  EXPECT_EQ(enabled(p0), 0);
  retireProcess(cb_, cb_.agents[p1].process, 0); // dies holding it
  EXPECT_EQ(value(s, 0), 1) << "the kernel undoes the -1";
  EXPECT_EQ(enabled(p0), 1U << kVariantAcquire);
}

TEST_F(SysvSemaphoreModelTest, SetvalClearsAdjustmentsAndRmidFailsWaiters) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t s = addSet({1});
  semops(p1, {packSembuf(0, -1, kSemUndoFlag)});
  run(p1, OpKind::sysv_semop, s);
  EXPECT_EQ(run(p0, OpKind::sysv_semctl, s, 0, kSemctlSetval, 0).result, 0);
  retireProcess(cb_, cb_.agents[p1].process, 0);
  EXPECT_EQ(value(s, 0), 0) << "SETVAL cleared the adjustment";
  const int p2 = addProcessWithAgent(0);
  semops(p2, {packSembuf(0, -1, 0)});
  park(p2, OpKind::sysv_semop, s);
  EXPECT_EQ(run(p0, OpKind::sysv_semctl, s, 0, kSemctlGetncnt).result, 1);
  EXPECT_EQ(run(p0, OpKind::sysv_semctl, s, 0, kSemctlGetzcnt).result, 0);
  EXPECT_EQ(enabled(p2), 0);
  EXPECT_EQ(run(p0, OpKind::sysv_semctl, s, 0, kSemctlRmid).result, 0);
  EXPECT_EQ(enabled(p2), 1U << kVariantAcquire);
  EXPECT_EQ(perform(p2).result, -EIDRM);
}

TEST_F(SysvSemaphoreModelTest, SetvalBeyondSemvmxIsErange) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t s = addSet({0});
  EXPECT_EQ(run(p0, OpKind::sysv_semctl, s, 0, kSemctlSetval, 40000).result, -ERANGE);
  EXPECT_EQ(run(p0, OpKind::sysv_semctl, s, 3, kSemctlGetval).result, -EINVAL);
}

class SysvMessageQueueModelTest : public ModelTest {
protected:
  uint32_t addQueue(int64_t maxBytes) {
    const uint32_t q = addObject(ObjectFamily::SysvMessageQueue, kObjectInitialised, 0);
    cb_.objects[q].sysvMsg.maxBytes = maxBytes;
    return q;
  }
  Outcome send(int agent, uint32_t q, int64_t type, uint64_t size, uint32_t flags = 0) {
    cb_.payload[agent].count = 1;
    cb_.payload[agent].words[0] = size;
    return run(agent, OpKind::sysv_msgsnd, q, -1, flags, type);
  }
  // Parks a receive of msgtyp with a buffer of `room` bytes.
  void parkReceive(int agent, uint32_t q, int64_t msgtyp, uint64_t room, uint32_t flags = 0) {
    cb_.payload[agent].count = 1;
    cb_.payload[agent].words[0] = room;
    park(agent, OpKind::sysv_msgrcv, q, -1, flags, msgtyp);
  }
};

TEST_F(SysvMessageQueueModelTest, ReceiveSelectsByType) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t q = addQueue(1000);
  send(p0, q, 5, 1);
  send(p0, q, 2, 2);
  send(p0, q, 7, 3);
  send(p0, q, 2, 4);
  parkReceive(p0, q, 2, 100);
  EXPECT_EQ(perform(p0).result, 2) << "the first of type 2";
  parkReceive(p0, q, 5, 100, kMsgExcept);
  EXPECT_EQ(perform(p0).result, 3) << "the first not of type 5";
  parkReceive(p0, q, -6, 100);
  EXPECT_EQ(perform(p0).result, 4) << "the lowest type <= 6";
  parkReceive(p0, q, 0, 100);
  EXPECT_EQ(perform(p0).result, 1) << "the first message";
  EXPECT_EQ(cb_.sysvMessages.count, 0U);
  EXPECT_EQ(cb_.objects[q].sysvMsg.bytes, 0);
}

TEST_F(SysvMessageQueueModelTest, BlocksUntilAMatchOrFailsWithNowait) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t q = addQueue(1000);
  parkReceive(p1, q, 3, 100);
  EXPECT_EQ(enabled(p1), 0);
  send(p0, q, 4, 1);
  EXPECT_EQ(enabled(p1), 0) << "type 4 does not match";
  send(p0, q, 3, 1);
  EXPECT_EQ(enabled(p1), 1);
  EXPECT_EQ(perform(p1).result, 1);
  parkReceive(p1, q, 3, 100, kMsgNowait);
  EXPECT_EQ(perform(p1).result, -ENOMSG);
}

TEST_F(SysvMessageQueueModelTest, TooLongIsE2bigUnlessNoerrorTruncates) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t q = addQueue(1000);
  send(p0, q, 1, 50);
  parkReceive(p0, q, 0, 10);
  EXPECT_EQ(perform(p0).result, -E2BIG);
  EXPECT_EQ(cb_.sysvMessages.count, 1U) << "stays queued";
  parkReceive(p0, q, 0, 10, kMsgNoerror);
  EXPECT_EQ(perform(p0).result, 10);
}

TEST_F(SysvMessageQueueModelTest, SendBlocksBeyondQbytesAndRmidFailsWaiters) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t q = addQueue(10);
  send(p0, q, 1, 8);
  cb_.payload[p1].count = 1;
  cb_.payload[p1].words[0] = 4;
  park(p1, OpKind::sysv_msgsnd, q, -1, 0, 1);
  EXPECT_EQ(enabled(p1), 0) << "8 + 4 > 10";
  EXPECT_EQ(send(p0, q, 1, 4, kMsgNowait).result, -EAGAIN);
  EXPECT_EQ(run(p0, OpKind::sysv_msgctl, q, -1, kMsgctlRmid).result, 0);
  EXPECT_EQ(enabled(p1), 1);
  EXPECT_EQ(perform(p1).result, -EIDRM);
}

TEST(VirtualClockTest, StartsAtTheSameInstantAndIsStrictlyIncreasing) {
  auto cb = std::make_unique<ControlBlock>();
  const int64_t first = readVirtualClock(*cb, ClockBase::Realtime);
  EXPECT_EQ(first, kVirtualEpochSeconds * kNanosPerSecond + 1); // one nanosecond per read
  EXPECT_GT(readVirtualClock(*cb, ClockBase::Realtime), first);
  EXPECT_EQ(readVirtualClock(*cb, ClockBase::Monotonic), kVirtualBootSeconds * kNanosPerSecond + 3);
  cb->stepCount = 3;
  EXPECT_EQ(virtualElapsed(*cb), 3 * kStepTick + 3);
}

TEST(VirtualClockTest, SleepsAndTimeoutsAdvanceIt) {
  auto cb = std::make_unique<ControlBlock>();
  advanceVirtualClock(*cb, 5 * kNanosPerSecond);
  EXPECT_EQ(virtualElapsed(*cb), 5 * kNanosPerSecond);
  const int64_t deadline = (kVirtualEpochSeconds + 7) * kNanosPerSecond;
  EXPECT_FALSE(advanceVirtualClockTo(*cb, ClockBase::Realtime, deadline));
  EXPECT_EQ(virtualElapsed(*cb), 7 * kNanosPerSecond);
  EXPECT_TRUE(virtualDeadlinePassed(*cb, ClockBase::Realtime, deadline));
  EXPECT_TRUE(advanceVirtualClockTo(*cb, ClockBase::Realtime, deadline - 1)) << "already past";
  EXPECT_EQ(virtualElapsed(*cb), 7 * kNanosPerSecond) << "never goes back";
}

TEST(Issue5DependenceTest, QueuesAndSemaphoreSetsConflictOnTheirObject) {
  const DependenceContext context{};
  const Event send{0, OpKind::mq_send, 1};
  const Event receive{1, OpKind::mq_receive, 1};
  const Event other{1, OpKind::mq_receive, 2};
  EXPECT_TRUE(dependent(send, receive, context));
  EXPECT_FALSE(dependent(send, other, context));
  EXPECT_FALSE(
      dependent(Event{0, OpKind::mq_getattr, 1}, Event{1, OpKind::mq_getattr, 1}, context));
  EXPECT_TRUE(dependent(Event{0, OpKind::mq_open, 1}, Event{1, OpKind::mq_unlink}, context));
  EXPECT_FALSE(dependent(send, Event{1, OpKind::sysv_semop, 1}, context));
  EXPECT_TRUE(
      dependent(Event{0, OpKind::sysv_semop, 3}, Event{1, OpKind::sysv_semctl, 3}, context));
  EXPECT_FALSE(
      dependent(Event{0, OpKind::sysv_semop, 3}, Event{1, OpKind::sysv_semop, 4}, context));
}

} // namespace
} // namespace lockstep::models::testing
