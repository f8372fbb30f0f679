// Unit tests of polling (models/src/poll_model.cpp): the readiness of pipe and socket pair ends as
// poll(2), pipe(7) and unix(7) describe it, the enabledness and variants of the fd_poll step
// (blocking and timed), and its dependence with pipe steps.
#include "model_fixture.h"

#include "lockstep/models/dependence.h"
#include "lockstep/models/descriptors.h"
#include "lockstep/models/poll_model.h"

#include <poll.h>
#include <sys/socket.h>

namespace lockstep::models::testing {
namespace {

class PollModelTest : public ModelTest {
protected:
  // A pipe(2) in process: read end on fd 3, write end on fd 4.
  uint32_t makePipe(int process) {
    const uint32_t object = addObject(ObjectFamily::Pipe, kObjectInitialised, process);
    pipeInit(cb_, object, false);
    read_ = openDescription(cb_, object, kDescriptionRead, 0);
    EXPECT_TRUE(addDescriptor(cb_, process, 3, read_, 0));
    write_ = openDescription(cb_, object, kDescriptionWrite, 0);
    EXPECT_TRUE(addDescriptor(cb_, process, 4, write_, 0));
    return object;
  }
  // Parks agent on a poll of the given (fd, events) words.
  void parkPoll(int agent, std::initializer_list<uint64_t> words, bool timed) {
    OpPayload &p = cb_.payload[agent];
    p.count = 0;
    for (const uint64_t w : words)
      p.words[p.count++] = w;
    park(agent, OpKind::fd_poll, kNoObject, -1, timed ? kPollTimed : 0, p.count);
  }
  uint32_t revents(int process, int fd, uint32_t events) const {
    return pollRevents(cb_, process, fd, events);
  }

  uint32_t read_ = kNoDescription;
  uint32_t write_ = kNoDescription;
};

TEST_F(PollModelTest, PipeEndsFollowPipe7) {
  addProcessWithAgent(-1);
  const uint32_t object = makePipe(0);
  EXPECT_EQ(revents(0, 3, POLLIN), 0U);                 // empty, a writer left
  EXPECT_EQ(revents(0, 4, POLLOUT), uint32_t{POLLOUT}); // room, a reader left
  EXPECT_EQ(revents(0, 9, POLLIN), uint32_t{POLLNVAL}); // not a modelled descriptor
  cb_.objects[object].pipe.buffered = 1;
  EXPECT_EQ(revents(0, 3, POLLIN | POLLOUT), uint32_t{POLLIN}); // a read end is never writable
  // Less room than PIPE_BUF: not writable (pipe_poll wants a free buffer page).
  cb_.objects[object].pipe.buffered = kPipeDefaultCapacity - kPipeBuf + 1;
  EXPECT_EQ(revents(0, 4, POLLOUT), 0U);
  cb_.objects[object].pipe.buffered = 0;
  EXPECT_TRUE(closeDescriptor(cb_, 0, 4)); // the last writer: POLLHUP, even if not asked
  EXPECT_EQ(revents(0, 3, 0), uint32_t{POLLHUP});
  EXPECT_EQ(revents(0, 3, POLLIN), uint32_t{POLLHUP}); // EOF is POLLHUP alone on a pipe
}

TEST_F(PollModelTest, WriteEndWithoutReaderGetsPollerr) {
  addProcessWithAgent(-1);
  makePipe(0);
  EXPECT_TRUE(closeDescriptor(cb_, 0, 3));
  EXPECT_EQ(revents(0, 4, POLLOUT), uint32_t{POLLOUT | POLLERR});
}

TEST_F(PollModelTest, FifoNeverOpenedByAWriterIsNoHangup) {
  addProcessWithAgent(-1);
  const uint32_t object = addObject(ObjectFamily::Pipe, kObjectInitialised, 0);
  pipeInit(cb_, object, true);
  cb_.objects[object].pipe.readers = 1;
  cb_.objects[object].pipe.readOpens = 1;
  const uint32_t d = openDescription(cb_, object, kDescriptionRead, kDescriptionNonblock);
  ASSERT_TRUE(addDescriptor(cb_, 0, 5, d, 0));
  EXPECT_EQ(revents(0, 5, POLLIN), 0U);
  cb_.objects[object].pipe.writeOpens = 1; // a writer came and went
  EXPECT_EQ(revents(0, 5, POLLIN), uint32_t{POLLHUP});
}

TEST_F(PollModelTest, SocketPairEndsFollowUnix7) {
  addProcessWithAgent(-1);
  const uint32_t pair = addObject(ObjectFamily::Socket, kObjectInitialised, 0);
  socketPairInit(cb_, pair);
  const uint32_t end0 = openDescription(cb_, pair, kDescriptionRead | kDescriptionWrite, 0);
  ASSERT_TRUE(addDescriptor(cb_, 0, 3, end0, 0));
  const uint32_t end1 =
      openDescription(cb_, pair, kDescriptionRead | kDescriptionWrite | kDescriptionSide1, 0);
  ASSERT_TRUE(addDescriptor(cb_, 0, 4, end1, 0));
  EXPECT_EQ(revents(0, 3, POLLIN | POLLOUT), uint32_t{POLLOUT});
  cb_.objects[pair].socketPair.channel[0].buffered = 4; // toward end 0
  EXPECT_EQ(revents(0, 3, POLLIN), uint32_t{POLLIN});
  EXPECT_EQ(revents(0, 4, POLLIN), 0U);
  cb_.objects[pair].socketPair.channel[0].buffered = 0;
  EXPECT_TRUE(closeDescriptor(cb_, 0, 4)); // the peer is gone: EOF, writes fail, hang-up
  EXPECT_EQ(revents(0, 3, POLLIN | POLLOUT | POLLRDHUP),
            uint32_t{POLLIN | POLLOUT | POLLRDHUP | POLLHUP});
}

TEST_F(PollModelTest, ABlockingPollIsEnabledOnceADescriptorIsReady) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t object = makePipe(0);
  parkPoll(p0, {pollWord(3, POLLIN)}, false);
  EXPECT_EQ(enabled(p0), 0);
  cb_.objects[object].pipe.buffered = 2;
  EXPECT_EQ(enabled(p0), 1 << kVariantAcquire);
  EXPECT_EQ(perform(p0).result, 1);
  parkPoll(p0, {pollWord(3, POLLIN), pollWord(4, POLLOUT)}, false);
  EXPECT_EQ(perform(p0).result, 2);
}

TEST_F(PollModelTest, ATimedPollTimesOutOnlyWhenNothingIsReady) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t object = makePipe(0);
  parkPoll(p0, {pollWord(3, POLLIN)}, true);
  EXPECT_EQ(enabled(p0), 1 << kVariantTimeout);
  EXPECT_EQ(perform(p0, kVariantTimeout).result, 0);
  cb_.objects[object].pipe.buffered = 2;
  parkPoll(p0, {pollWord(3, POLLIN)}, true);
  EXPECT_EQ(enabled(p0), 1 << kVariantAcquire);
}

TEST_F(PollModelTest, APollDependsOnEveryPipeStepOfAnotherProcess) {
  addProcessWithAgent(-1);
  addProcessWithAgent(0);
  const int32_t agentProcess[] = {0, 1};
  const int32_t processParent[] = {-1, 0};
  const DependenceContext c{agentProcess, 2, processParent, 2};
  const Event poll0{0, OpKind::fd_poll, kNoObject, -1};
  const Event poll1{1, OpKind::fd_poll, kNoObject, -1};
  const Event write1{1, OpKind::pipe_write, 3, 1};
  const Event close1{1, OpKind::fd_close, 5, 2};
  const Event lock1{1, OpKind::mutex_lock, 0, -1};
  EXPECT_TRUE(dependent(poll0, write1, c));
  EXPECT_TRUE(dependent(write1, poll0, c));
  EXPECT_TRUE(dependent(poll0, close1, c));
  EXPECT_FALSE(dependent(poll0, poll1, c)); // polls change nothing
  EXPECT_FALSE(dependent(poll0, lock1, c));
}

} // namespace
} // namespace lockstep::models::testing
