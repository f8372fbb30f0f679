// Unit tests of the socket model (models/src/socket_model.cpp): bind and its virtual address
// space, listen's backlog, connect queuing a usable connection (and waiting on a full queue),
// accept taking the oldest connection, a listener's close dropping what it never accepted,
// readiness of listeners for poll, and the Socket family's dependence rule.
#include "model_fixture.h"

#include "lockstep/models/dependence.h"
#include "lockstep/models/descriptors.h"
#include "lockstep/models/poll_model.h"
#include "lockstep/models/socket_model.h"

#include <cerrno>
#include <poll.h>
#include <sys/socket.h>

namespace lockstep::models::testing {
namespace {

class SocketModelTest : public ModelTest {
protected:
  // A fresh socket of process on fd, and its description.
  uint32_t makeSocket(int process, int fd, int domain = AF_INET, uint32_t status = 0) {
    const uint32_t object = addObject(ObjectFamily::Socket, kObjectInitialised, process);
    socketInit(cb_, object, domain, 1000 + object);
    const uint32_t d = openDescription(cb_, object, kDescriptionRead | kDescriptionWrite, status);
    EXPECT_TRUE(addDescriptor(cb_, process, fd, d, 0));
    description_[object] = d;
    return object;
  }
  int32_t descriptionOf(uint32_t object) const {
    return static_cast<int32_t>(description_[object]);
  }
  const SocketState &socket(uint32_t object) const { return cb_.objects[object].socket; }
  Outcome call(int agent, OpKind kind, uint32_t object, int64_t arg = 0, uint32_t flags = 0) {
    return run(agent, kind, object, descriptionOf(object), flags, arg);
  }
  // A listener of process on 127.0.0.1:port with backlog.
  uint32_t makeListener(int agent, int process, int fd, uint16_t port, int backlog) {
    const uint32_t l = makeSocket(process, fd);
    EXPECT_EQ(
        call(agent, OpKind::socket_bind, l, static_cast<int64_t>(inetAddress(port, false))).result,
        0);
    EXPECT_EQ(call(agent, OpKind::socket_listen, l, backlog).result, 0);
    return l;
  }

  uint32_t description_[64] = {};
};

TEST_F(SocketModelTest, BindTakesAVirtualPortOnceAndPortZeroIsEphemeral) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t a = makeSocket(0, 3);
  const uint32_t b = makeSocket(0, 4);
  const uint32_t c = makeSocket(0, 5);
  EXPECT_EQ(call(p0, OpKind::socket_bind, a, static_cast<int64_t>(inetAddress(80, true))).result,
            0);
  // 127.0.0.1:80 and 0.0.0.0:80 are one port.
  EXPECT_EQ(call(p0, OpKind::socket_bind, b, static_cast<int64_t>(inetAddress(80, false))).result,
            -EADDRINUSE);
  EXPECT_EQ(call(p0, OpKind::socket_bind, b, static_cast<int64_t>(inetAddress(0, false))).result,
            0);
  EXPECT_EQ(inetPort(socket(b).local), kEphemeralFirst);
  EXPECT_EQ(call(p0, OpKind::socket_bind, c, static_cast<int64_t>(inetAddress(0, false))).result,
            0);
  EXPECT_EQ(inetPort(socket(c).local), kEphemeralFirst + 1);
  EXPECT_EQ(call(p0, OpKind::socket_bind, c, static_cast<int64_t>(inetAddress(81, false))).result,
            -EINVAL); // already bound
  // Closing frees the port.
  EXPECT_TRUE(closeDescriptor(cb_, 0, 3));
  EXPECT_EQ(socket(a).role, kSocketClosed);
  const uint32_t d = makeSocket(0, 6);
  EXPECT_EQ(call(p0, OpKind::socket_bind, d, static_cast<int64_t>(inetAddress(80, false))).result,
            0);
}

TEST_F(SocketModelTest, ConnectQueuesAUsableConnectionAndAcceptTakesTheOldest) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t l = makeListener(p0, 0, 3, 7000, 4);
  park(p0, OpKind::socket_accept, l, descriptionOf(l));
  EXPECT_EQ(enabled(p0), 0); // the queue is empty
  const uint32_t c1 = makeSocket(1, 3);
  const uint32_t c2 = makeSocket(1, 4);
  EXPECT_EQ(call(p1, OpKind::socket_connect, c1, static_cast<int64_t>(inetAddress(7000, false)),
                 kSocketTcp)
                .result,
            0);
  EXPECT_EQ(socket(l).queued, 1U);
  EXPECT_EQ(socket(c1).role, kSocketConnected);
  EXPECT_EQ(inetPort(socket(c1).local), kEphemeralFirst); // connect binds an unbound socket
  // Usable before accept: the client's write buffers.
  EXPECT_EQ(run(p1, OpKind::pipe_write, c1, descriptionOf(c1), 0, 5).result, 5);
  EXPECT_EQ(call(p1, OpKind::socket_connect, c2, static_cast<int64_t>(inetAddress(7000, true)),
                 kSocketTcp)
                .result,
            0);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(pollRevents(cb_, 0, 3, POLLIN), static_cast<uint32_t>(POLLIN));
  EXPECT_EQ(perform(p0).result, static_cast<int64_t>(c1)); // the oldest first
  EXPECT_EQ(socket(l).queued, 1U);
  EXPECT_EQ(call(p0, OpKind::socket_accept, l).result, static_cast<int64_t>(c2));
  EXPECT_EQ(pollRevents(cb_, 0, 3, POLLIN), 0U);
  // Non-blocking on an empty queue: EAGAIN.
  EXPECT_EQ(call(p0, OpKind::socket_accept, l, 0, kSocketCallNonblock).result, -EAGAIN);
}

TEST_F(SocketModelTest, AFullBacklogBlocksAConnectAndANonblockingOneFails) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t l = makeListener(p0, 0, 3, 7000, 0); // backlog 0 holds one connection
  const uint32_t c1 = makeSocket(1, 3, AF_INET);
  const uint32_t c2 = makeSocket(1, 4, AF_INET);
  const auto to = static_cast<int64_t>(inetAddress(7000, false));
  EXPECT_EQ(call(p1, OpKind::socket_connect, c1, to).result, 0);
  EXPECT_EQ(call(p1, OpKind::socket_connect, c2, to, kSocketCallNonblock | kSocketTcp).result,
            -EAGAIN);
  park(p1, OpKind::socket_connect, c2, descriptionOf(c2), 0, to);
  EXPECT_EQ(enabled(p1), 0);
  EXPECT_EQ(call(p0, OpKind::socket_accept, l).result, static_cast<int64_t>(c1));
  EXPECT_EQ(enabled(p1), 1);
  EXPECT_EQ(perform(p1).result, 0);
  // A non-blocking TCP connect that gets in says EINPROGRESS.
  const uint32_t c3 = makeSocket(1, 5, AF_INET);
  EXPECT_EQ(call(p0, OpKind::socket_accept, l).result, static_cast<int64_t>(c2));
  EXPECT_EQ(call(p1, OpKind::socket_connect, c3, to, kSocketCallNonblock | kSocketTcp).result,
            -EINPROGRESS);
}

TEST_F(SocketModelTest, NobodyListeningIsRefusedAndAPathIsLeftToTheFile) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t c = makeSocket(0, 3, AF_UNIX);
  EXPECT_EQ(call(p0, OpKind::socket_connect, c, static_cast<int64_t>(inetAddress(9, false))).result,
            -ECONNREFUSED);
  const uint64_t path = socketNameAddress(false, "/tmp/x", 6);
  EXPECT_EQ(call(p0, OpKind::socket_connect, c, static_cast<int64_t>(path)).result,
            kSocketNoListener);
  const uint64_t abstract = socketNameAddress(true, "x", 1);
  EXPECT_NE(abstract, path);
  EXPECT_EQ(call(p0, OpKind::socket_connect, c, static_cast<int64_t>(abstract)).result,
            -ECONNREFUSED);
}

// unlink of a bound socket's file: the listener keeps listening but nobody reaches it by the
// path, which a new socket may bind again.
TEST_F(SocketModelTest, UnlinkOfTheFileMakesAPathListenerUnreachable) {
  const int p0 = addProcessWithAgent(-1);
  const uint64_t path = socketNameAddress(false, "/tmp/s", 6);
  const uint32_t l = makeSocket(0, 3, AF_UNIX);
  ASSERT_EQ(call(p0, OpKind::socket_bind, l, static_cast<int64_t>(path)).result, 0);
  ASSERT_EQ(call(p0, OpKind::socket_listen, l, 4).result, 0);
  EXPECT_EQ(run(p0, OpKind::socket_unlink, kNoObject, -1, 0, static_cast<int64_t>(path)).result, 0);
  EXPECT_EQ(socket(l).role, kSocketListening);
  EXPECT_TRUE(isUnixPathName(socket(l).local));
  const uint32_t c = makeSocket(0, 4, AF_UNIX);
  EXPECT_EQ(call(p0, OpKind::socket_connect, c, static_cast<int64_t>(path)).result,
            kSocketNoListener);
  const uint32_t again = makeSocket(0, 5, AF_UNIX);
  EXPECT_EQ(call(p0, OpKind::socket_bind, again, static_cast<int64_t>(path)).result, 0);
  ASSERT_EQ(call(p0, OpKind::socket_listen, again, 4).result, 0);
  EXPECT_EQ(call(p0, OpKind::socket_connect, c, static_cast<int64_t>(path)).result, 0);
  EXPECT_EQ(socket(c).listener, again);
}

TEST_F(SocketModelTest, ClosingAListenerDropsWhatItNeverAccepted) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  makeListener(p0, 0, 3, 7000, 4);
  const uint32_t c = makeSocket(1, 3);
  EXPECT_EQ(
      call(p1, OpKind::socket_connect, c, static_cast<int64_t>(inetAddress(7000, false))).result,
      0);
  EXPECT_TRUE(closeDescriptor(cb_, 0, 3));
  // The client reads EOF and its writes fail with EPIPE.
  EXPECT_EQ(run(p1, OpKind::pipe_read, c, descriptionOf(c), 0, 4).result, 0);
  EXPECT_EQ(run(p1, OpKind::pipe_write, c, descriptionOf(c), 0, 4).result, -EPIPE);
}

TEST_F(SocketModelTest, DependenceRule) {
  const int32_t agentProcess[] = {0, 1, 2};
  const int32_t processParent[] = {-1, 0, 0};
  const DependenceContext c{agentProcess, 3, processParent, 3};
  const Event connect1{1, OpKind::socket_connect, 1, 0};
  const Event connect2{2, OpKind::socket_connect, 2, 0};
  const Event accept0{0, OpKind::socket_accept, 0, 0};
  const Event acceptOther{0, OpKind::socket_accept, 5, 0};
  const Event accept2{2, OpKind::socket_accept, 0, 0};
  const Event create1{1, OpKind::socket_create, 1, 0};
  const Event create2{2, OpKind::socket_create, 2, 0};
  const Event write1{1, OpKind::pipe_write, 1, 0};
  const Event read0{0, OpKind::pipe_read, 1, 0};
  Event closeKept{0, OpKind::fd_close, 3, 0};
  closeKept.flags = kStepKeptAddresses;
  const Event closeUnknown{0, OpKind::fd_close, 3, 0};
  EXPECT_TRUE(dependent(connect1, connect2, c));
  EXPECT_TRUE(dependent(connect1, accept0, c));
  EXPECT_TRUE(dependent(accept0, accept2, c));
  EXPECT_FALSE(dependent(accept2, acceptOther, c)); // two listeners
  EXPECT_TRUE(dependent(create1, create2, c));      // object numbering
  EXPECT_FALSE(dependent(create1, connect2, c));
  EXPECT_FALSE(dependent(accept0, write1, c));
  EXPECT_FALSE(dependent(connect2, read0, c));
  EXPECT_TRUE(dependent(connect1, write1, c)); // one process
  EXPECT_FALSE(dependent(connect1, closeKept, c));
  EXPECT_TRUE(dependent(connect1, closeUnknown, c));
  EXPECT_FALSE(dependent(accept2, closeUnknown, c));
}

} // namespace
} // namespace lockstep::models::testing
