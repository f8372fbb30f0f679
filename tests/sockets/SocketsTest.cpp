// Sockets end to end (docs/sockets.md): each bug program of tests/sockets/programs is found with
// the right verdict, only after the first (default) interleaving, and its schedule replays to the
// same verdict; each fixed twin is explored completely without a bug. Plus the Linux semantics
// of the calls in one process (the same program passes natively), refusals named by call, the
// removal of the socket files a run created, and a connect that waits on a full backlog.
#include "BugTwinTest.h"

#include <filesystem>

namespace lockstep::integration {
namespace {

// tcp_first_accepted: P2 connects before P1; the server answers the first connection it accepts
// as if it were P1's.
//   P2: connect, write(2) .................................... read -> 10: assert fails
//   P1:                    connect, write(1) ...
//   P0:                                       accept (P2's), read(2), write(10) ...
// Under dfs the reversal of the two connects sits under every later choice (hundreds of
// executions); dpor finds it at once, and explores the fixed twin completely (93 executions
// today; not derived, so not asserted).
//
// unix_listen_late: the client connects before the server bound (ENOENT) or listened
// (ECONNREFUSED).
//   P1: socket, connect -> ENOENT: assert fails
//   P0:                                bind, listen
// Its fixed twin under dfs: after the fork P0 does a1 accept (after b2), a2 read (after b3),
// a3 write, a4 wait (after b5); P1 does b1 socket, b2 connect, b3 write, b4 read (after a3),
// b5 exit. b1 b2 b3 and a1 a2 a3 merge with b2 < a1 and b3 < a2: a1 goes before or after b3,
// and everything after a3 is forced: 2 interleavings.
//
// dgram_truncated: P2's 24-byte datagram is queued before P1's 4-byte one; the server's first
// receive, into 8 bytes, truncates it (MSG_TRUNC).
//   P1:                               (send "ping" later)
//   P2: send(report), exit
//   P0:                    recvmsg(8 bytes) -> MSG_TRUNC: assert fails
// In the first interleaving P1 (the first child) sends first. dpor explores the fixed twin
// completely in 20 executions today (dfs: 121); not derived, so not asserted.
const std::vector<BugTwin> kBugCases = {
    {"tcp_first_accepted", "assertion", "reply == id * 10", {"--strategy", "dpor"}, -1},
    {"unix_listen_late", "assertion", "rc == 0", {}, 2},
    {"dgram_truncated", "assertion", "(flags & MSG_TRUNC) == 0", {"--strategy", "dpor"}, -1},
};

INSTANTIATE_TEST_SUITE_P(Sockets, BugTwinTest, ::testing::ValuesIn(kBugCases), bugTwinName);

class SocketsTest : public LockstepTest {};

// The semantics program checks every modelled call's results against Linux's: it passes
// natively (the kernel is the oracle) and under Lockstep, in its single interleaving.
TEST_F(SocketsTest, LinuxSemanticsHoldNativelyAndUnderLockstep) {
  const CommandResult native = runCommand({programPath("socket_semantics")}, dir_);
  ASSERT_EQ(native.code, 0) << native.out << native.err;
  const CommandResult result = run({}, {programPath("socket_semantics")});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  EXPECT_EQ(summary()["complete"], true);
  EXPECT_EQ(summary()["executions"], 1);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "lockstep-test-semantics"));
}

// The same for AF_UNIX SOCK_DGRAM socket pairs (dgram_semantics.c): boundaries, truncation,
// MSG_TRUNC, EAGAIN, a full sender buffer, EMSGSIZE, ECONNREFUSED, ENOTCONN, EOF after SHUT_RD,
// EPIPE. The number of 100-byte datagrams the sender's buffer takes is the kernel's under
// Lockstep too (the model charges each datagram the memory the kernel did). --short-io never
// splits a datagram: the program passes with it as well, in one execution.
TEST_F(SocketsTest, DatagramSemanticsHoldNativelyAndUnderLockstep) {
  const CommandResult native = runCommand({programPath("dgram_semantics")}, dir_);
  ASSERT_EQ(native.code, 0) << native.out << native.err;
  ASSERT_NE(native.out.find("filled "), std::string::npos) << native.out;
  for (const std::vector<std::string> &options :
       {std::vector<std::string>{"--show-output"},
        std::vector<std::string>{"--show-output", "--short-io"}}) {
    const CommandResult result = run(options, {programPath("dgram_semantics")});
    ASSERT_EQ(result.code, 0) << result.out << result.err;
    EXPECT_EQ(summary()["complete"], true);
    EXPECT_EQ(summary()["executions"], 1);
    EXPECT_NE(result.out.find(native.out), std::string::npos) << result.out << native.out;
  }
}

// Unlinking a bound socket's file (unlink, remove, unlinkat): nobody reaches the socket by that
// path any more, and the path may be bound again (unlink_semantics.c): natively and under
// Lockstep alike.
TEST_F(SocketsTest, UnlinkOfASocketFileHoldsNativelyAndUnderLockstep) {
  const CommandResult native = runCommand({programPath("unlink_semantics")}, dir_);
  ASSERT_EQ(native.code, 0) << native.out << native.err;
  const CommandResult result = run({"--show-output"}, {programPath("unlink_semantics")});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  EXPECT_EQ(summary()["complete"], true) << summary().dump(2);
  EXPECT_NE(result.out.find(native.out), std::string::npos) << result.out << native.out;
}

// A connect to a port nobody listens on fails with ECONNREFUSED, which the program handles.
TEST_F(SocketsTest, ConnectToNobodyIsRefusedAndHandled) {
  const CommandResult result = run({}, {programPath("tcp_refused")});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  EXPECT_EQ(summary()["complete"], true);
  EXPECT_EQ(summary()["executions"], 1);
}

TEST_F(SocketsTest, NonLoopbackAddressesAreRefusedByName) {
  const CommandResult result = run({}, {programPath("tcp_refused"), "remote"});
  EXPECT_EQ(result.code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("calls connect to a non-loopback address, which Lockstep does not "
                            "model (only loopback TCP"),
            std::string::npos)
      << result.err;
}

// SOCK_SEQPACKET sockets are not modelled yet (datagram sockets are: tests/dgram): the run stops
// at once, naming the call and what is modelled.
TEST_F(SocketsTest, SeqpacketSocketsAreRefusedByName) {
  const CommandResult result = run({}, {programPath("seqpacket_socket")});
  EXPECT_EQ(result.code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("calls socket(AF_UNIX, SOCK_SEQPACKET), which Lockstep does not model "
                            "yet but for AF_UNIX and loopback AF_INET SOCK_STREAM sockets and "
                            "AF_UNIX SOCK_DGRAM sockets and socket pairs"),
            std::string::npos)
      << result.err;
}

// The socket file a bind made is removed after every execution: nothing is left behind.
TEST_F(SocketsTest, SocketFilesTheRunCreatedAreRemoved) {
  const CommandResult result = run({}, {programPath("unix_listen_late_fixed")});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  EXPECT_EQ(summary()["executions"], 2);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "lockstep-test-sock"));
  const CommandResult buggy = run({}, {programPath("unix_listen_late")});
  ASSERT_EQ(buggy.code, 1) << buggy.out << buggy.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "lockstep-test-sock"));
}

// A blocking connect waits while the listener's queue is full (backlog 0 holds one connection):
// the server reaps its clients before accepting, and every interleaving deadlocks on the second
// client's connect.
TEST_F(SocketsTest, AConnectWaitsOnAFullBacklog) {
  const CommandResult result = run({}, {programPath("backlog_full")});
  ASSERT_EQ(result.code, 1) << result.out << result.err;
  const nlohmann::json s = summary();
  ASSERT_EQ(s["bugs"].size(), 1U) << s.dump(2);
  EXPECT_EQ(s["bugs"][0]["kind"], "deadlock") << s.dump(2);
  EXPECT_NE(result.out.find("P2 waits in socket_connect"), std::string::npos) << result.out;
  const CommandResult replayed = replay(firstSchedule());
  EXPECT_EQ(replayed.code, 1) << replayed.out << replayed.err;
}

} // namespace
} // namespace lockstep::integration
