// Unit tests of edge-triggered epoll (models/src/epoll_edges.cpp and the EPOLLET rules of
// models/src/epoll_model.cpp): an ET entry is reported once per wakeup of its description, every
// write wakes it even when the pipe was readable, a read wakes no reader, EPOLL_CTL_ADD and
// EPOLL_CTL_MOD queue a ready entry, a woken entry that is no longer ready is dropped by the
// wait, the wakeup keys (EPOLLOUT on a socket's drained peer, key-less on a close or shutdown),
// EPOLLONESHOT, and the enabledness of a wait whose entries are all edge-triggered.
#include "epoll_fixture.h"

#include "lockstep/models/descriptors.h"
#include "lockstep/models/epoll_edges.h"
#include "lockstep/models/epoll_model.h"
#include "lockstep/models/poll_model.h"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>

namespace lockstep::models::testing {
namespace {

class EpollEdgeTest : public EpollFixture {
protected:
  // epoll_ctl with the descriptor as the entry's data.
  int64_t ctl(int op, int fd, uint32_t description, uint32_t events) {
    return EpollFixture::ctl(op, fd, description, events, static_cast<uint64_t>(fd));
  }
  // A timed epoll_wait (timeout 0): the number of reported entries (0 when it timed out).
  int64_t poll0(int maxEvents = 4) {
    park(0, OpKind::epoll_wait, epoll_, -1, kPollTimed, maxEvents);
    const uint8_t variants = enabled(0);
    return perform(0, variants == (1U << kVariantTimeout) ? kVariantTimeout : kVariantAcquire)
        .result;
  }
  uint8_t blockingWaitEnabled() {
    park(0, OpKind::epoll_wait, epoll_, -1, 0, 4);
    const uint8_t variants = enabled(0);
    cb_.agents[0].state = AgentState::Running;
    return variants;
  }
  int64_t write(uint32_t object, uint32_t description, int64_t bytes) {
    return run(0, OpKind::pipe_write, object, static_cast<int32_t>(description), 0, bytes).result;
  }
  int64_t read(uint32_t object, uint32_t description, int64_t bytes) {
    return run(0, OpKind::pipe_read, object, static_cast<int32_t>(description), 0, bytes).result;
  }
};

TEST_F(EpollEdgeTest, OneReportPerWakeup) {
  ASSERT_EQ(write(pipe_, write_, 4), 4);
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 3, read_, EPOLLIN | EPOLLET), 0);
  EXPECT_EQ(poll0(), 1); // ready at EPOLL_CTL_ADD: queued once
  EXPECT_EQ(reportedEvents(0), uint32_t{EPOLLIN});
  EXPECT_EQ(poll0(), 0); // still readable, not woken again
  EXPECT_EQ(blockingWaitEnabled(), 0);
  ASSERT_EQ(write(pipe_, write_, 4), 4); // a write wakes it although the pipe was readable
  EXPECT_EQ(blockingWaitEnabled(), 1U << kVariantAcquire);
  EXPECT_EQ(poll0(), 1);
  ASSERT_EQ(read(pipe_, read_, 2), 2); // a read wakes no reader
  EXPECT_EQ(poll0(), 0);
  ASSERT_EQ(write(pipe_, write_, 0), 0); // a zero-length write wakes nobody (pipe_write)
  EXPECT_EQ(poll0(), 0);
}

TEST_F(EpollEdgeTest, WokenButDrainedIsDroppedAndModRequeues) {
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 3, read_, EPOLLIN | EPOLLET), 0);
  EXPECT_EQ(poll0(), 0); // empty pipe: not queued at EPOLL_CTL_ADD
  ASSERT_EQ(write(pipe_, write_, 4), 4);
  ASSERT_EQ(read(pipe_, read_, 4), 4);
  EXPECT_EQ(blockingWaitEnabled(), 0); // woken, but not ready: nothing to report
  EXPECT_EQ(poll0(), 0);
  EXPECT_EQ(cb_.epoll.entries[0].flags & kEpollEntryQueued, 0U); // dropped by the wait
  ASSERT_EQ(write(pipe_, write_, 4), 4);
  EXPECT_EQ(poll0(), 1);
  EXPECT_EQ(ctl(EPOLL_CTL_MOD, 3, read_, EPOLLIN | EPOLLET), 0); // ready at MOD: queued
  EXPECT_EQ(poll0(), 1);
  EXPECT_EQ(poll0(), 0);
}

TEST_F(EpollEdgeTest, OneshotDisarmsUntilMod) {
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 3, read_, EPOLLIN | EPOLLET | EPOLLONESHOT), 0);
  ASSERT_EQ(write(pipe_, write_, 4), 4);
  EXPECT_EQ(poll0(), 1);
  ASSERT_EQ(write(pipe_, write_, 4), 4); // disarmed: the wakeup is ignored (ep_poll_callback)
  EXPECT_EQ(poll0(), 0);
  EXPECT_EQ(ctl(EPOLL_CTL_MOD, 3, read_, EPOLLIN | EPOLLET), 0);
  EXPECT_EQ(poll0(), 1);
}

TEST_F(EpollEdgeTest, WriterCloseWakesWithHangup) {
  ASSERT_EQ(write(pipe_, write_, 4), 4);
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 3, read_, EPOLLIN | EPOLLET), 0);
  EXPECT_EQ(poll0(), 1);
  ASSERT_EQ(run(0, OpKind::fd_close, kNoObject, -1, 0, 4).result, 0); // the last writer
  EXPECT_EQ(poll0(), 1);
  EXPECT_EQ(reportedEvents(0), uint32_t{EPOLLIN | EPOLLHUP});
  EXPECT_EQ(poll0(), 0);
}

TEST_F(EpollEdgeTest, WriteEndIsWokenWhenAFullPipeGetsRoom) {
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 4, write_, EPOLLOUT | EPOLLET), 0);
  EXPECT_EQ(poll0(), 1); // writable at EPOLL_CTL_ADD
  ASSERT_EQ(write(pipe_, write_, 10), 10);
  ASSERT_EQ(read(pipe_, read_, 10), 10); // the pipe was not full: no wakeup (pipe_read)
  EXPECT_EQ(poll0(), 0);
  ASSERT_EQ(write(pipe_, write_, kPipeDefaultCapacity), kPipeDefaultCapacity);
  EXPECT_EQ(poll0(), 0);
  ASSERT_EQ(read(pipe_, read_, 100), 100); // still less than a page of room: not writable
  EXPECT_EQ(poll0(), 0);
  ASSERT_EQ(read(pipe_, read_, kPipeBuf), kPipeBuf);
  EXPECT_EQ(poll0(), 1);
  EXPECT_EQ(reportedEvents(0), uint32_t{EPOLLOUT});
}

TEST_F(EpollEdgeTest, SocketPairWakeups) {
  const uint32_t pair = addObject(ObjectFamily::Socket, kObjectInitialised, 0);
  socketPairInit(cb_, pair);
  const uint32_t rw = kDescriptionRead | kDescriptionWrite;
  const uint32_t end0 = openDescription(cb_, pair, rw, 0);
  ASSERT_TRUE(addDescriptor(cb_, 0, 6, end0, 0));
  const uint32_t end1 = openDescription(cb_, pair, rw | kDescriptionSide1, 0);
  ASSERT_TRUE(addDescriptor(cb_, 0, 7, end1, 0));
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 6, end0, EPOLLIN | EPOLLOUT | EPOLLET), 0);
  EXPECT_EQ(poll0(), 1);              // writable
  ASSERT_EQ(write(pair, end0, 1), 1); // its own write wakes it not
  EXPECT_EQ(poll0(), 0);
  ASSERT_EQ(read(pair, end1, 1), 1); // the peer consumed its data: EPOLLOUT (unix_write_space)
  EXPECT_EQ(poll0(), 1);
  EXPECT_EQ(reportedEvents(0), uint32_t{EPOLLOUT});
  ASSERT_EQ(write(pair, end1, 1), 1);
  EXPECT_EQ(poll0(), 1);
  EXPECT_EQ(reportedEvents(0), uint32_t{EPOLLIN | EPOLLOUT});
  ASSERT_EQ(write(pair, end1, 1), 1);
  EXPECT_EQ(poll0(), 1);
  ASSERT_EQ(read(pair, end0, 1), 1); // its own read wakes it not
  EXPECT_EQ(poll0(), 0);
  ASSERT_EQ(run(0, OpKind::fd_shutdown, pair, static_cast<int32_t>(end1), SHUT_RD).result, 0);
  EXPECT_EQ(poll0(), 1); // sk_state_change: a wakeup without a key
}

TEST_F(EpollEdgeTest, KeysFilterWakeups) {
  const uint32_t pair = addObject(ObjectFamily::Socket, kObjectInitialised, 0);
  socketPairInit(cb_, pair);
  const uint32_t rw = kDescriptionRead | kDescriptionWrite;
  const uint32_t end0 = openDescription(cb_, pair, rw, 0);
  ASSERT_TRUE(addDescriptor(cb_, 0, 6, end0, 0));
  const uint32_t end1 = openDescription(cb_, pair, rw | kDescriptionSide1, 0);
  ASSERT_TRUE(addDescriptor(cb_, 0, 7, end1, 0));
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 6, end0, EPOLLOUT | EPOLLET), 0);
  EXPECT_EQ(poll0(), 1);
  ASSERT_EQ(write(pair, end1, 1), 1); // an EPOLLIN wakeup: not for an EPOLLOUT entry
  EXPECT_EQ(poll0(), 0);
  const EdgeSignature before = edgeSignature(cb_, end0);
  ASSERT_EQ(write(pair, end1, 1), 1);
  EXPECT_EQ(edgeWakeKey(cb_, before, edgeSignature(cb_, end0)), uint32_t{EPOLLIN | EPOLLRDNORM});
  const EdgeSignature open = edgeSignature(cb_, end0);
  ASSERT_EQ(run(0, OpKind::fd_close, kNoObject, -1, 0, 7).result, 0); // the peer goes
  EXPECT_EQ(edgeWakeKey(cb_, open, edgeSignature(cb_, end0)), kEpollWakeAll);
  EXPECT_EQ(poll0(), 1);
}

// The probe holds kMaxEdgeDescriptions descriptions: one more stops the run with a clear verdict.
TEST_F(EpollEdgeTest, TooManyWatchedDescriptionsAreUnsupported) {
  for (uint32_t i = 0; i <= kMaxEdgeDescriptions; ++i) {
    const uint32_t object = addObject(ObjectFamily::Pipe, kObjectInitialised, 0);
    pipeInit(cb_, object, false);
    const uint32_t d = openDescription(cb_, object, kDescriptionRead, 0);
    ASSERT_TRUE(addDescriptor(cb_, 0, static_cast<int>(10 + i), d, 0));
    EXPECT_EQ(ctl(EPOLL_CTL_ADD, static_cast<int>(10 + i), d, EPOLLIN | EPOLLET), 0);
    EXPECT_EQ(cb_.verdict.kind, VerdictKind::None);
  }
  EXPECT_EQ(write(pipe_, write_, 1), 1);
  EXPECT_EQ(cb_.verdict.kind, VerdictKind::Unsupported);
  EXPECT_NE(verdictMessage().find("edge-triggered (EPOLLET)"), std::string::npos);
}

TEST_F(EpollEdgeTest, LevelTriggeredEntriesAreUnchanged) {
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 3, read_, EPOLLIN), 0);
  ASSERT_EQ(write(pipe_, write_, 4), 4);
  EXPECT_EQ(poll0(), 1);
  EXPECT_EQ(poll0(), 1); // reported while readable
  EXPECT_EQ(reportedData(0), 3U);
}

} // namespace
} // namespace lockstep::models::testing
