// Unit tests of the AF_UNIX datagram socket model (models/src/datagram_socket_model.cpp): sends by
// address and to the connected peer, the lookup's errors (no receiver, EPROTOTYPE, EPERM), the
// receive queue limit (waiting, EAGAIN, none toward a peer connected back), the sender's memory,
// the receiver's close (ECONNREFUSED, purge, ENOTCONN), connect and AF_UNSPEC, MSG_PEEK, poll
// readiness, deterministic autobind, the release to the receiver, and the dependence rule.
#include "model_fixture.h"

#include "lockstep/models/datagram_model.h"
#include "lockstep/models/datagram_socket_model.h"
#include "lockstep/models/dependence.h"
#include "lockstep/models/descriptors.h"
#include "lockstep/models/poll_model.h"
#include "lockstep/models/socket_model.h"
#include "lockstep/models/sync_effects.h"

#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>

namespace lockstep::models::testing {
namespace {

constexpr uint32_t kBuffer = 212992;
constexpr uint32_t kQueue = 2; // max_dgram_qlen: a queue is full above 2 datagrams

class DatagramSocketModelTest : public ModelTest {
protected:
  // A fresh datagram socket of process 0 on fd.
  uint32_t makeSocket(int fd, uint32_t buffer = kBuffer, uint32_t status = 0) {
    const uint32_t object = addObject(ObjectFamily::Socket, kObjectInitialised, 0);
    socketInit(cb_, object, AF_UNIX, 1000 + object);
    datagramSocketInit(cb_, object, buffer, kQueue);
    const uint32_t d = openDescription(cb_, object, kDescriptionRead | kDescriptionWrite, status);
    EXPECT_TRUE(addDescriptor(cb_, 0, fd, d, 0));
    description_[object] = d;
    fd_[object] = fd;
    return object;
  }
  int32_t descriptionOf(uint32_t object) const {
    return static_cast<int32_t>(description_[object]);
  }
  static uint64_t name(const char *n) { return socketNameAddress(true, n, strlen(n)); }
  static uint64_t path(const char *p) { return socketNameAddress(false, p, strlen(p)); }
  int64_t bind(int agent, uint32_t object, uint64_t address) {
    return run(agent, OpKind::socket_bind, object, descriptionOf(object), 0,
               static_cast<int64_t>(address))
        .result;
  }
  int64_t connect(int agent, uint32_t object, uint64_t address) {
    return run(agent, OpKind::socket_connect, object, descriptionOf(object), 0,
               static_cast<int64_t>(address))
        .result;
  }
  // A send of length bytes to address (0: the peer), charging cost as the runtime measured it.
  int64_t send(int agent, uint32_t from, uint64_t to, uint64_t length, uint32_t cost = 768,
               uint32_t flags = 0) {
    park(agent, OpKind::socket_sendto, from, descriptionOf(from), flags, static_cast<int64_t>(to));
    cb_.payload[agent].words[0] = length;
    const PendingOp op = cb_.agents[agent].pending;
    const Outcome o = perform(agent, 0);
    if (o.result >= 0)
      datagramSetCost(cb_, datagramSendReceiver(cb_, op), 0, cost);
    return o.result;
  }
  // Whether a blocking send of agent is enabled now.
  uint8_t sendEnabled(int agent, uint32_t from, uint64_t to) {
    park(agent, OpKind::socket_sendto, from, descriptionOf(from), 0, static_cast<int64_t>(to));
    cb_.payload[agent].words[0] = 1;
    const uint8_t e = enabled(agent);
    cb_.agents[agent].pending = PendingOp{};
    return e;
  }
  Outcome receive(int agent, uint32_t object, uint32_t flags = kPipeCallNonblock) {
    return run(agent, OpKind::pipe_read, object, descriptionOf(object), flags, 100);
  }
  uint32_t revents(uint32_t object) { return pollRevents(cb_, 0, fd_[object], POLLIN | POLLOUT); }

  uint32_t description_[kMaxObjects] = {};
  int fd_[kMaxObjects] = {};
};

TEST_F(DatagramSocketModelTest, SendsByAddressAreReceivedInOrder) {
  const int a = addProcessWithAgent(-1);
  const uint32_t r = makeSocket(3);
  const uint32_t s = makeSocket(4);
  EXPECT_EQ(bind(a, r, name("r")), 0);
  EXPECT_EQ(send(a, s, name("r"), 5), 5); // from an unbound socket
  EXPECT_EQ(send(a, s, name("r"), 0), 0); // a zero-length datagram
  EXPECT_EQ(cb_.objects[s].socket.channel[1].buffered, 2 * 768U);
  EXPECT_EQ(receive(a, r, kDatagramPeek).result, 5); // MSG_PEEK leaves it queued
  EXPECT_EQ(receive(a, r).result, 5);
  const Outcome empty = receive(a, r);
  EXPECT_EQ(empty.result, 0);
  EXPECT_NE(empty.stepFlags & kStepGotData, 0);
  EXPECT_EQ(cb_.objects[s].socket.channel[1].buffered, 0U); // the receives freed the memory
  EXPECT_EQ(receive(a, r).result, -EAGAIN);
  park(a, OpKind::pipe_read, r, descriptionOf(r), 0, 100);
  EXPECT_EQ(enabled(a), 0); // a blocking receive waits for a datagram
}

TEST_F(DatagramSocketModelTest, LookupErrors) {
  const int a = addProcessWithAgent(-1);
  const uint32_t s = makeSocket(3);
  const uint32_t r = makeSocket(4);
  EXPECT_EQ(send(a, s, 0, 1), -ENOTCONN);
  EXPECT_EQ(send(a, s, name("none"), 1), -ECONNREFUSED);
  EXPECT_EQ(send(a, s, path("/none"), 1), kDatagramNoReceiver); // ENOENT or ECONNREFUSED
  EXPECT_EQ(connect(a, s, path("/none")), kSocketNoListener);
  EXPECT_EQ(send(a, s, name("r"), kBuffer), -EMSGSIZE);
  // A stream socket at the name: EPROTOTYPE, and one name space for both types.
  const uint32_t stream = addObject(ObjectFamily::Socket, kObjectInitialised, 0);
  socketInit(cb_, stream, AF_UNIX, 9);
  description_[stream] = openDescription(cb_, stream, kDescriptionRead | kDescriptionWrite, 0);
  EXPECT_EQ(bind(a, stream, name("st")), 0);
  EXPECT_EQ(send(a, s, name("st"), 1), -EPROTOTYPE);
  EXPECT_EQ(connect(a, s, name("st")), -EPROTOTYPE);
  EXPECT_EQ(bind(a, r, name("st")), -EADDRINUSE);
  EXPECT_EQ(bind(a, r, name("r")), 0);
  EXPECT_EQ(run(a, OpKind::socket_connect, stream, descriptionOf(stream), 0,
                static_cast<int64_t>(name("r")))
                .result,
            -EPROTOTYPE); // a stream socket connecting to a datagram socket's name
  // A receiver connected to a third socket refuses others (unix_may_send).
  const uint32_t t = makeSocket(5);
  EXPECT_EQ(bind(a, t, name("t")), 0);
  EXPECT_EQ(connect(a, r, name("t")), 0);
  EXPECT_EQ(send(a, s, name("r"), 1), -EPERM);
  EXPECT_EQ(connect(a, s, name("r")), -EPERM);
  EXPECT_EQ(send(a, t, name("r"), 1), 1); // its peer may
  // SHUT_RD of the receiver: EPIPE.
  EXPECT_EQ(run(a, OpKind::fd_shutdown, t, descriptionOf(t), SHUT_RD).result, 0);
  EXPECT_EQ(send(a, s, name("t"), 1), -EPIPE);
}

TEST_F(DatagramSocketModelTest, AFullQueueMakesSendersWaitUnlessConnectedBack) {
  const int a = addProcessWithAgent(-1);
  const uint32_t r = makeSocket(3);
  const uint32_t s = makeSocket(4);
  EXPECT_EQ(bind(a, r, name("r")), 0);
  EXPECT_EQ(bind(a, s, name("s")), 0);
  EXPECT_EQ(connect(a, s, name("r")), 0);
  for (uint32_t i = 0; i <= kQueue; ++i) // the queue takes max_dgram_qlen + 1
    EXPECT_EQ(send(a, s, 0, 1), 1);
  EXPECT_EQ(send(a, s, 0, 1, 768, kPipeCallNonblock), -EAGAIN);
  EXPECT_EQ(sendEnabled(a, s, 0), 0);
  EXPECT_EQ(revents(s), 0U); // unix_dgram_poll: the peer's queue is full
  EXPECT_EQ(revents(r), static_cast<uint32_t>(POLLIN | POLLOUT));
  EXPECT_EQ(receive(a, r).result, 1);
  EXPECT_EQ(sendEnabled(a, s, 0), 1);
  EXPECT_NE(revents(s) & POLLOUT, 0U);
  // A receiver connected to the sender has no queue limit for it.
  EXPECT_EQ(connect(a, r, name("s")), 0);
  for (uint32_t i = 0; i < 5; ++i)
    EXPECT_EQ(send(a, s, 0, 1), 1);
}

TEST_F(DatagramSocketModelTest, SendsWaitForTheSendersMemory) {
  const int a = addProcessWithAgent(-1);
  const uint32_t r = makeSocket(3);
  const uint32_t s = makeSocket(4, 1600);
  EXPECT_EQ(bind(a, r, name("r")), 0);
  EXPECT_EQ(send(a, s, name("r"), 1, 800), 1);
  EXPECT_EQ(send(a, s, name("r"), 1, 800), 1);
  EXPECT_EQ(send(a, s, name("r"), 1, 800, kPipeCallNonblock), -EAGAIN); // 1600 not below 1600
  EXPECT_EQ(sendEnabled(a, s, name("r")), 0);
  EXPECT_EQ(receive(a, r).result, 1);
  EXPECT_EQ(sendEnabled(a, s, name("r")), 1);
}

TEST_F(DatagramSocketModelTest, TheReceiversCloseRefusesAndPurges) {
  const int a = addProcessWithAgent(-1);
  const uint32_t r = makeSocket(3);
  const uint32_t s = makeSocket(4);
  EXPECT_EQ(bind(a, r, name("r")), 0);
  EXPECT_EQ(bind(a, s, name("s")), 0);
  EXPECT_EQ(connect(a, s, name("r")), 0);
  EXPECT_EQ(send(a, s, 0, 1), 1);
  EXPECT_EQ(send(a, r, name("s"), 1), 1); // queued toward s
  EXPECT_TRUE(closeDescriptor(cb_, 0, 3));
  EXPECT_EQ(cb_.objects[s].socket.channel[1].buffered, 0U); // r's queue went with it
  EXPECT_EQ(send(a, s, name("r"), 1), -ECONNREFUSED);       // by name: nobody there
  EXPECT_NE(revents(s) & POLLOUT, 0U);
  EXPECT_EQ(send(a, s, 0, 1), -ECONNREFUSED); // the peer: once, purging s's own queue
  EXPECT_EQ(receive(a, s).result, -EAGAIN);
  EXPECT_EQ(send(a, s, 0, 1), -ENOTCONN);
}

TEST_F(DatagramSocketModelTest, ConnectElsewhereOrUnspecPurgesTheQueue) {
  const int a = addProcessWithAgent(-1);
  const uint32_t r = makeSocket(3);
  const uint32_t s = makeSocket(4);
  const uint32_t t = makeSocket(5);
  EXPECT_EQ(bind(a, r, name("r")), 0);
  EXPECT_EQ(bind(a, s, name("s")), 0);
  EXPECT_EQ(bind(a, t, name("t")), 0);
  EXPECT_EQ(connect(a, s, name("r")), 0);
  EXPECT_EQ(send(a, t, name("s"), 1), -EPERM); // s is connected to r
  EXPECT_EQ(send(a, r, name("s"), 1), 1);
  EXPECT_EQ(connect(a, s, name("r")), 0); // the same peer: nothing purged
  EXPECT_EQ(datagramsQueued(cb_, s, 0), 1U);
  EXPECT_EQ(connect(a, s, name("t")), 0);
  EXPECT_EQ(datagramsQueued(cb_, s, 0), 0U);
  EXPECT_EQ(send(a, t, name("s"), 1), 1);
  EXPECT_EQ(connect(a, s, 0), 0); // AF_UNSPEC
  EXPECT_EQ(datagramsQueued(cb_, s, 0), 0U);
  EXPECT_EQ(send(a, s, 0, 1), -ENOTCONN);
}

TEST_F(DatagramSocketModelTest, AutobindTakesTheLowestFreeName) {
  const int a = addProcessWithAgent(-1);
  const uint32_t s = makeSocket(3);
  const uint32_t t = makeSocket(4);
  EXPECT_EQ(bind(a, s, 0), 0);
  EXPECT_EQ(cb_.objects[s].socket.local, name("00000"));
  EXPECT_EQ(bind(a, t, 0), 0);
  EXPECT_EQ(cb_.objects[t].socket.local, name("00001"));
  char n[kAutobindNameLength + 1];
  autobindName(0xabc12, n);
  EXPECT_STREQ(n, "abc12");
}

TEST_F(DatagramSocketModelTest, ASendReleasesToTheReceiver) {
  const int a = addProcessWithAgent(-1);
  const uint32_t r = makeSocket(3);
  const uint32_t s = makeSocket(4);
  EXPECT_EQ(bind(a, r, name("r")), 0);
  PendingOp op{};
  op.kind = OpKind::socket_sendto;
  op.object = s;
  op.target = descriptionOf(s);
  op.arg = static_cast<int64_t>(name("r"));
  const SyncEffect e = syncEffectOf(cb_, a, op, 0, Outcome{1});
  EXPECT_EQ(e.release[0].kind, ClockKind::Object);
  EXPECT_EQ(e.release[0].index, r);
  const SyncEffect failed = syncEffectOf(cb_, a, op, 0, Outcome{-EAGAIN});
  EXPECT_EQ(failed.release[0].kind, ClockKind::None);
}

TEST_F(DatagramSocketModelTest, DependenceRule) {
  const int32_t agentProcess[] = {0, 1, 2};
  const int32_t processParent[] = {-1, 0, 0};
  const DependenceContext c{agentProcess, 3, processParent, 3};
  const Event send1{1, OpKind::socket_sendto, 1, 0};
  const Event send2{2, OpKind::socket_sendto, 2, 0};
  const Event read0{0, OpKind::pipe_read, 0, 0};
  const Event close0{0, OpKind::fd_close, 0, 0};
  const Event bind0{0, OpKind::socket_bind, 0, 0};
  const Event connect0{0, OpKind::socket_connect, 0, 0};
  const Event create0{0, OpKind::socket_create, 5, 0};
  const Event accept0{0, OpKind::socket_accept, 6, 0};
  const Event dup0{0, OpKind::fd_dup, 0, 0};
  const Event fcntl0{0, OpKind::fd_fcntl, 0, 0};
  const Event fcntlSender{0, OpKind::fd_fcntl, 1, 0};
  const Event poll0{0, OpKind::fd_poll, kNoObject, 0};
  const Event lock0{0, OpKind::mutex_lock, 7, 0};
  EXPECT_TRUE(dependent(send1, send2, c)); // possibly one receiver
  EXPECT_TRUE(dependent(send1, read0, c));
  EXPECT_TRUE(dependent(read0, send1, c));
  EXPECT_TRUE(dependent(send1, close0, c));
  EXPECT_TRUE(dependent(send1, bind0, c));
  EXPECT_TRUE(dependent(send1, connect0, c));
  EXPECT_TRUE(dependent(send1, poll0, c));
  EXPECT_FALSE(dependent(send1, create0, c));
  EXPECT_FALSE(dependent(send1, accept0, c));
  EXPECT_FALSE(dependent(send1, dup0, c));
  EXPECT_FALSE(dependent(send1, fcntl0, c));
  EXPECT_TRUE(dependent(send1, fcntlSender, c));
  EXPECT_FALSE(dependent(send1, lock0, c));
}

// A datagram pair's ECONNREFUSED purges the sender's own queue too (unix_dgram_disconnected).
TEST_F(DatagramSocketModelTest, APairsRefusalPurgesItsOwnQueue) {
  const int a = addProcessWithAgent(-1);
  const uint32_t pair = addObject(ObjectFamily::Socket, kObjectInitialised, 0);
  const uint32_t buffers[2] = {kBuffer, kBuffer};
  datagramPairInit(cb_, pair, buffers);
  const uint32_t both = kDescriptionRead | kDescriptionWrite;
  const uint32_t end0 = openDescription(cb_, pair, both, 0);
  EXPECT_TRUE(addDescriptor(cb_, 0, 3, end0, 0));
  const uint32_t end1 = openDescription(cb_, pair, both | kDescriptionSide1, 0);
  EXPECT_TRUE(addDescriptor(cb_, 0, 4, end1, 0));
  EXPECT_EQ(run(a, OpKind::pipe_write, pair, static_cast<int32_t>(end1), 0, 1).result, 1);
  EXPECT_TRUE(closeDescriptor(cb_, 0, 4));
  EXPECT_EQ(datagramsQueued(cb_, pair, 0), 1U); // the peer's datagram stays
  EXPECT_EQ(run(a, OpKind::pipe_write, pair, static_cast<int32_t>(end0), 0, 1).result,
            -ECONNREFUSED);
  EXPECT_EQ(datagramsQueued(cb_, pair, 0), 0U);
}

} // namespace
} // namespace lockstep::models::testing
