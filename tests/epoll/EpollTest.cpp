// epoll end to end: each bug program of tests/epoll/programs is found with the right verdict,
// only after the first (default) interleaving, and its schedule replays to the same verdict; each
// fixed twin is explored completely without a bug. Plus the rules of epoll_ctl and epoll_wait
// checked by a program in every interleaving, and the refusals (EPOLLET, nested instances).
#include "BugTwinTest.h"

namespace lockstep::integration {
namespace {

// The bugs (each program's header tells the story):
// event_loop: both clients write before the server's first epoll_wait, which returns 2.
// timeout_server: the server's epoll_wait times out before the client writes.
// oneshot_workers: both workers wake on the first message (level-triggered, no EPOLLONESHOT).
// stale_entry: the server waits between a client's close of its write end and its exit.
//
// Executions of the fixed twins under DFS (the runner's strategy). timeout_server_fixed: 2,
// derived: the client (P0) writes once and then waits for the server's exit, and the server's
// only step that can go before the write is its first (timed) epoll_wait: before the write it
// times out (the pipe is empty, so the timeout is its only outcome), after it it is ready; all
// else follows in one order. The others are measured, not derived, and kept as regression values
// (under DPOR: event_loop_fixed 30, oneshot_workers_fixed 35, stale_entry_fixed 45).
const std::vector<BugTwin> kBugCases = {
    {"event_loop", "assertion", "handled == 2", {}, 317},
    {"timeout_server", "assertion", "served == 1", {}, 2},
    {"oneshot_workers", "assertion", "got == sizeof message", {}, 138},
    {"stale_entry", "assertion", "r == sizeof request", {}, 131},
};

INSTANTIATE_TEST_SUITE_P(Epoll, BugTwinTest, ::testing::ValuesIn(kBugCases), bugTwinName);

class EpollTest : public LockstepTest {};

// 2 executions, derived: the parent's blocking epoll_wait is enabled only once the child has
// added its pipe and written to it; then the child's exit and that wait go in either order, and
// all else is one process's steps in program order.
TEST_F(EpollTest, RulesHoldInEveryInterleaving) {
  const CommandResult result = run({}, {programPath("epoll_rules")});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  EXPECT_EQ(summary()["complete"], true) << summary().dump(2);
  EXPECT_TRUE(summary()["bugs"].empty()) << summary().dump(2);
  EXPECT_EQ(summary()["executions"], 2) << summary().dump(2);
}

TEST_F(EpollTest, EdgeTriggeredEntriesAreRefused) {
  const CommandResult result = run({}, {programPath("edge_refused")});
  EXPECT_EQ(result.code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("calls epoll_ctl, which Lockstep does not model yet EPOLLET"),
            std::string::npos)
      << result.err;
}

TEST_F(EpollTest, NestedInstancesAreRefused) {
  const CommandResult result = run({}, {programPath("nested_refused")});
  EXPECT_EQ(result.code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("does not model an epoll instance watched by another"),
            std::string::npos)
      << result.err;
}

} // namespace
} // namespace lockstep::integration
