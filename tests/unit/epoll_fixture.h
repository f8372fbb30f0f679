// The fixture of the epoll model's unit tests (epoll_model_test.cpp, epoll_edge_test.cpp): one
// process with a pipe (read end fd 3, write end fd 4) and an epoll instance (fd 5), and helpers
// to call epoll_ctl and read what a wait reported.
#pragma once

#include "model_fixture.h"

#include "lockstep/models/descriptors.h"
#include "lockstep/models/epoll_model.h"
#include "lockstep/models/poll_model.h"

namespace lockstep::models::testing {

class EpollFixture : public ModelTest {
protected:
  void SetUp() override {
    addProcessWithAgent(-1);
    pipe_ = addObject(ObjectFamily::Pipe, kObjectInitialised, 0);
    pipeInit(cb_, pipe_, false);
    read_ = openDescription(cb_, pipe_, kDescriptionRead, 0);
    EXPECT_TRUE(addDescriptor(cb_, 0, 3, read_, 0));
    write_ = openDescription(cb_, pipe_, kDescriptionWrite, 0);
    EXPECT_TRUE(addDescriptor(cb_, 0, 4, write_, 0));
    epoll_ = addObject(ObjectFamily::Epoll, kObjectInitialised, 0);
    const uint32_t d = openDescription(cb_, epoll_, 0, 0);
    EXPECT_TRUE(addDescriptor(cb_, 0, 5, d, 0));
  }
  int64_t ctl(int op, int fd, uint32_t description, uint32_t events, uint64_t data = 0) {
    OpPayload &p = cb_.payload[0];
    p.words[0] = events;
    p.words[1] = data;
    p.count = 2;
    park(0, OpKind::epoll_ctl, epoll_, static_cast<int32_t>(description), static_cast<uint32_t>(op),
         fd);
    EXPECT_EQ(enabled(0), 1);
    return perform(0).result;
  }
  // epoll_wait with maxevents; timed: a finite timeout. Returns the enabled variants.
  uint8_t parkWait(int maxEvents, bool timed) {
    park(0, OpKind::epoll_wait, epoll_, -1, timed ? kPollTimed : 0, maxEvents);
    return enabled(0);
  }
  // The data of the i-th reported entry after a wait.
  uint64_t reportedData(uint32_t i) const {
    return cb_.epoll.entries[epollReportEntry(cb_.payload[0].words[i])].data;
  }
  uint32_t reportedEvents(uint32_t i) const { return epollReportEvents(cb_.payload[0].words[i]); }

  uint32_t pipe_ = kNoObject;
  uint32_t epoll_ = kNoObject;
  uint32_t read_ = kNoDescription;
  uint32_t write_ = kNoDescription;
};

} // namespace lockstep::models::testing
