// Unit tests of the AF_UNIX SOCK_DGRAM socket pair model (models/src/datagram_model.cpp): one
// datagram per receive in send order, the sender's memory limit, no EOF on the peer's close but
// ECONNREFUSED then ENOTCONN for its sends, EOF after SHUT_RD, and poll readiness.
#include "model_fixture.h"

#include "lockstep/models/datagram_model.h"
#include "lockstep/models/descriptors.h"
#include "lockstep/models/poll_model.h"

#include <cerrno>
#include <poll.h>
#include <sys/socket.h>

namespace lockstep::models::testing {
namespace {

class DatagramModelTest : public ModelTest {
protected:
  // A datagram pair of process 0 with SO_SNDBUF `buffer` on both ends: fds 3 (end 0), 4 (end 1).
  void makePair(uint32_t buffer) {
    pair_ = addObject(ObjectFamily::Socket, kObjectInitialised, 0);
    const uint32_t buffers[2] = {buffer, buffer};
    datagramPairInit(cb_, pair_, buffers);
    const uint32_t both = kDescriptionRead | kDescriptionWrite;
    end_[0] = openDescription(cb_, pair_, both, 0); // free until a descriptor refers to it
    EXPECT_TRUE(addDescriptor(cb_, 0, 3, end_[0], 0));
    end_[1] = openDescription(cb_, pair_, both | kDescriptionSide1, 0);
    EXPECT_TRUE(addDescriptor(cb_, 0, 4, end_[1], 0));
  }
  // A send of `length` bytes from end, charging `cost` as the runtime measured it.
  int64_t send(int agent, int end, int64_t length, uint32_t cost, uint32_t flags = 0) {
    const Outcome o =
        run(agent, OpKind::pipe_write, pair_, static_cast<int32_t>(end_[end]), flags, length);
    if (o.result >= 0)
      datagramSetCost(cb_, pair_, 1 - static_cast<uint32_t>(end), cost);
    return o.result;
  }
  Outcome receive(int agent, int end, int64_t size, uint32_t flags = 0) {
    return run(agent, OpKind::pipe_read, pair_, static_cast<int32_t>(end_[end]), flags, size);
  }

  uint32_t pair_ = 0;
  uint32_t end_[2] = {};
};

TEST_F(DatagramModelTest, EachReceiveTakesOneDatagramInSendOrder) {
  const int a = addProcessWithAgent(-1);
  makePair(212992);
  EXPECT_EQ(send(a, 0, 5, 768), 5);
  EXPECT_EQ(send(a, 0, 0, 768), 0); // a zero-length datagram
  EXPECT_EQ(send(a, 0, 9, 768), 9);
  EXPECT_EQ(datagramsQueued(cb_, pair_, 1), 3U);
  const Outcome first = receive(a, 1, 2); // the length is the datagram's, not the buffer's
  EXPECT_EQ(first.result, 5);
  EXPECT_NE(first.stepFlags & kStepGotData, 0);
  const Outcome empty = receive(a, 1, 100);
  EXPECT_EQ(empty.result, 0);
  EXPECT_NE(empty.stepFlags & kStepGotData, 0);
  EXPECT_EQ(receive(a, 1, 100).result, 9);
  EXPECT_EQ(receive(a, 1, 100, kPipeCallNonblock).result, -EAGAIN);
  park(a, OpKind::pipe_read, pair_, static_cast<int32_t>(end_[1]), 0, 100);
  EXPECT_EQ(enabled(a), 0); // a blocking receive waits on an empty queue
}

TEST_F(DatagramModelTest, SendWaitsWhileTheSendersMemoryIsNotBelowItsBuffer) {
  const int a = addProcessWithAgent(-1);
  makePair(2000);
  EXPECT_EQ(send(a, 0, 10, 768), 10);
  EXPECT_EQ(send(a, 0, 10, 768), 10);
  EXPECT_EQ(send(a, 0, 10, 768), 10); // 1536 < 2000: still allowed, now 2304
  EXPECT_EQ(send(a, 0, 10, 768, kPipeCallNonblock), -EAGAIN);
  EXPECT_EQ(pollRevents(cb_, 0, 3, POLLOUT), 0U);
  park(a, OpKind::pipe_write, pair_, static_cast<int32_t>(end_[0]), 0, 10);
  EXPECT_EQ(enabled(a), 0);
  EXPECT_EQ(receive(a, 1, 100).result, 10);
  EXPECT_EQ(send(a, 0, 10, 768), 10);
  EXPECT_EQ(send(a, 0, 2000 - kDatagramHeadroom + 1, 768), -EMSGSIZE);
  EXPECT_EQ(send(a, 1, 10, 768), 10); // the other direction has its own buffer
}

TEST_F(DatagramModelTest, PeerCloseGivesNoEofButRefusesSends) {
  const int a = addProcessWithAgent(-1);
  makePair(212992);
  EXPECT_EQ(send(a, 1, 4, 768), 4);
  EXPECT_TRUE(closeDescriptor(cb_, 0, 4));
  EXPECT_EQ(receive(a, 0, 100).result, 4); // what the peer sent stays
  EXPECT_EQ(receive(a, 0, 100, kPipeCallNonblock).result, -EAGAIN);
  EXPECT_EQ(pollRevents(cb_, 0, 3, POLLIN | POLLOUT), static_cast<uint32_t>(POLLOUT));
  EXPECT_EQ(send(a, 0, 1, 768), -ECONNREFUSED);
  EXPECT_EQ(send(a, 0, 1, 768), -ENOTCONN);
}

TEST_F(DatagramModelTest, ShutReadGivesEofAndEpipeToThePeer) {
  const int a = addProcessWithAgent(-1);
  makePair(212992);
  EXPECT_EQ(send(a, 0, 1, 768), 1);
  EXPECT_EQ(pollRevents(cb_, 0, 4, POLLIN), static_cast<uint32_t>(POLLIN));
  EXPECT_EQ(run(a, OpKind::fd_shutdown, pair_, static_cast<int32_t>(end_[1]), SHUT_RD).result, 0);
  EXPECT_EQ(receive(a, 1, 100).result, 1);
  const Outcome eof = receive(a, 1, 100);
  EXPECT_EQ(eof.result, 0);
  EXPECT_EQ(eof.stepFlags & kStepGotData, 0);
  EXPECT_EQ(send(a, 0, 1, 768), -EPIPE);
}

} // namespace
} // namespace lockstep::models::testing
