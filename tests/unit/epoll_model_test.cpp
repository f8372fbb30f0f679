// Unit tests of the epoll model (models/src/epoll_model.cpp): epoll_ctl's errors and entries as
// epoll_ctl(2) describes them, level-triggered readiness and EPOLLONESHOT in epoll_wait, the
// ready list's rotation under maxevents, the removal of entries with the watched description
// (not with one of its descriptors), and the dependence of the epoll steps.
#include "epoll_fixture.h"

#include "lockstep/models/dependence.h"
#include "lockstep/models/descriptors.h"
#include "lockstep/models/epoll_model.h"
#include "lockstep/models/poll_model.h"

#include <cerrno>
#include <poll.h>
#include <sys/epoll.h>

namespace lockstep::models::testing {
namespace {

class EpollModelTest : public EpollFixture {};

TEST_F(EpollModelTest, CtlErrorsFollowEpollCtl2) {
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 3, read_, EPOLLIN), 0);
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 3, read_, EPOLLIN), -EEXIST);
  EXPECT_EQ(ctl(EPOLL_CTL_MOD, 4, write_, EPOLLOUT), -ENOENT);
  EXPECT_EQ(ctl(EPOLL_CTL_DEL, 4, write_, 0), -ENOENT);
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 4, write_, EPOLLOUT | EPOLLEXCLUSIVE | EPOLLONESHOT), -EINVAL);
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 4, write_, EPOLLOUT | EPOLLEXCLUSIVE), 0);
  EXPECT_EQ(ctl(EPOLL_CTL_MOD, 4, write_, EPOLLOUT), -EINVAL); // added with EPOLLEXCLUSIVE
  EXPECT_EQ(ctl(EPOLL_CTL_MOD, 3, read_, EPOLLIN | EPOLLEXCLUSIVE), -EINVAL);
  EXPECT_EQ(ctl(EPOLL_CTL_MOD, 9, read_, EPOLLIN | EPOLLEXCLUSIVE), -EINVAL);  // before ENOENT
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 3, read_, EPOLLPRI | EPOLLEXCLUSIVE), -EINVAL); // before EEXIST
  EXPECT_EQ(ctl(EPOLL_CTL_DEL, 3, read_, 0), 0);
  EXPECT_EQ(ctl(EPOLL_CTL_MOD, 3, read_, EPOLLIN), -ENOENT);
}

TEST_F(EpollModelTest, WaitIsEnabledWhenAnEntryIsReady) {
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 3, read_, EPOLLIN, 33), 0);
  EXPECT_EQ(parkWait(4, false), 0);                   // blocks: the pipe is empty
  EXPECT_EQ(parkWait(4, true), 1 << kVariantTimeout); // its only outcome: the timeout
  EXPECT_EQ(perform(0, kVariantTimeout).result, 0);
  cb_.objects[pipe_].pipe.buffered = 4;
  EXPECT_EQ(parkWait(4, true), 1 << kVariantAcquire); // ready: no timeout
  EXPECT_EQ(perform(0).result, 1);
  EXPECT_EQ(reportedData(0), 33U);
  EXPECT_EQ(reportedEvents(0), uint32_t{EPOLLIN});
  EXPECT_EQ(parkWait(4, false), 1 << kVariantAcquire); // level-triggered: again
  EXPECT_TRUE(closeDescriptor(cb_, 0, 4)); // the last writer: EPOLLHUP too, always reported
  EXPECT_EQ(perform(0).result, 1);
  EXPECT_EQ(reportedEvents(0), uint32_t{EPOLLIN | EPOLLHUP});
}

TEST_F(EpollModelTest, OneshotDisablesTheEntryUntilMod) {
  cb_.objects[pipe_].pipe.buffered = 4;
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 3, read_, EPOLLIN | EPOLLONESHOT, 1), 0);
  EXPECT_EQ(parkWait(4, false), 1 << kVariantAcquire);
  EXPECT_EQ(perform(0).result, 1);
  EXPECT_EQ(parkWait(4, false), 0);              // still readable, but disabled
  EXPECT_EQ(pollRevents(cb_, 0, 5, POLLIN), 0U); // the instance itself is not readable
  EXPECT_EQ(ctl(EPOLL_CTL_MOD, 3, read_, EPOLLIN | EPOLLONESHOT, 2), 0);
  EXPECT_EQ(pollRevents(cb_, 0, 5, POLLIN), uint32_t{POLLIN | POLLRDNORM} & POLLIN);
  EXPECT_EQ(parkWait(4, false), 1 << kVariantAcquire);
  EXPECT_EQ(perform(0).result, 1);
  EXPECT_EQ(reportedData(0), 2U);
}

TEST_F(EpollModelTest, MaxeventsRotatesTheReadyList) {
  cb_.objects[pipe_].pipe.buffered = 4;
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 3, read_, EPOLLIN, 3), 0);
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 4, write_, EPOLLOUT, 4), 0);
  parkWait(2, false);
  EXPECT_EQ(perform(0).result, 2);
  EXPECT_EQ(reportedData(0), 3U);
  EXPECT_EQ(reportedData(1), 4U);
  for (const uint64_t expected : {3U, 4U, 3U}) {
    parkWait(1, false);
    EXPECT_EQ(perform(0).result, 1);
    EXPECT_EQ(reportedData(0), expected);
  }
}

TEST_F(EpollModelTest, EntriesGoWithTheDescriptionNotWithOneDescriptor) {
  cb_.objects[pipe_].pipe.buffered = 4;
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 3, read_, EPOLLIN, 3), 0);
  EXPECT_TRUE(addDescriptor(cb_, 0, 7, read_, 0)); // dup(3) == 7
  EXPECT_TRUE(closeDescriptor(cb_, 0, 3));
  EXPECT_EQ(parkWait(4, false), 1 << kVariantAcquire);    // the entry stays, under fd 3
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 7, read_, EPOLLIN, 7), 0); // (description, 7): another key
  parkWait(4, false);
  EXPECT_EQ(perform(0).result, 2);
  EXPECT_TRUE(closeDescriptor(cb_, 0, 7)); // the last descriptor: both entries go
  EXPECT_EQ(parkWait(4, false), 0);
  EXPECT_EQ(ctl(EPOLL_CTL_ADD, 4, write_, EPOLLOUT, 4), 0);
  EXPECT_TRUE(closeDescriptor(cb_, 0, 5)); // the instance's last descriptor: its list goes
  for (uint32_t i = 0; i < cb_.epoll.count; ++i)
    EXPECT_EQ(cb_.epoll.entries[i].object, kNoObject);
}

TEST_F(EpollModelTest, DependenceOfTheEpollSteps) {
  addProcessWithAgent(0);
  const int32_t agentProcess[] = {0, 1};
  const int32_t processParent[] = {-1, 0};
  const DependenceContext c{agentProcess, 2, processParent, 2};
  const Event wait0{0, OpKind::epoll_wait, 1, -1};
  const Event wait1{1, OpKind::epoll_wait, 1, -1};
  const Event waitOther1{1, OpKind::epoll_wait, 2, -1};
  const Event ctl1{1, OpKind::epoll_ctl, 1, 3};
  const Event ctlOther1{1, OpKind::epoll_ctl, 2, 3};
  const Event write1{1, OpKind::pipe_write, 0, 1};
  const Event poll1{1, OpKind::fd_poll, kNoObject, -1};
  const Event ctl0{0, OpKind::epoll_ctl, 1, 3};
  EXPECT_TRUE(dependent(wait0, write1, c)); // a wait reads every watched description
  EXPECT_TRUE(dependent(wait0, wait1, c));  // EPOLLONESHOT, the ready list's order
  EXPECT_FALSE(dependent(wait0, waitOther1, c));
  EXPECT_TRUE(dependent(wait0, ctl1, c));
  EXPECT_FALSE(dependent(wait0, ctlOther1, c));
  EXPECT_TRUE(dependent(wait0, poll1, c));  // a poll may watch the instance
  EXPECT_FALSE(dependent(ctl0, write1, c)); // epoll_ctl does not read readiness
}

} // namespace
} // namespace lockstep::models::testing
