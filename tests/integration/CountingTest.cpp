// Exact counts under plain dfs: the set of distinct critical-section orders and the number of
// executions, for the counting programs of tests/programs.
#include "LockstepRunner.h"

#include <set>

namespace lockstep::integration {
namespace {

struct CountCase {
  std::string program;
  int size;            // K or N
  size_t orders;       // distinct critical-section orders: C(2K,K) or N!
  uint64_t executions; // dfs executions, derived below
};

std::ostream &operator<<(std::ostream &os, const CountCase &c) {
  return os << c.program << " " << c.size;
}

class CountingTest : public LockstepTest, public ::testing::WithParamInterface<CountCase> {};

// count_lock_pairs K. Visible operations (L lock, U unlock, X exit, W waitpid):
//
//   P0: init fork  L U  L U ... (K pairs)  W  X0        (W enabled once P1 is a zombie)
//   P1:            L U  L U ... (K pairs)  X1           (runs eagerly to its first L at fork)
//
// init and fork have one enabled agent; afterwards plain dfs explores every sequence of
// enabled agents, so executions = the number of valid merges of the two sequences. Inside a
// critical section L..U the other process is blocked in L, unless it has finished its sections
// and only X1 is left; W and X0 come after X1. So a merge is an order of the 2K critical
// sections (C(2K,K) of them: the distinct orders the program records) plus where X1 goes:
// anywhere after P1's last U, before each of the 2m remaining steps of P0's m later sections
// or before W, i.e. 2m+1 places:
//
//   ... P1:L U | P0:L | U | P0:L | U | W X0        (m = 2: X1 in one of the 5 gaps "|")
//
// Sequences whose tail after P1's last section holds m of P0's: C(2K-1-m, K-1). Hence
//   executions(K) = sum_{m=0..K} (2m+1) C(2K-1-m, K-1)
//   K=1: 1*1 + 3*1                   = 4
//   K=2: 1*3 + 3*2 + 5*1             = 14
//   K=3: 1*10 + 3*6 + 5*3 + 7*1      = 50
//
// count_increments N. P0 forks N-1 children, then does its own L U, then N-1 wait() and X0;
// each child does L U X (eagerly started up to L). For N=2 the sequences are exactly those of
// count_lock_pairs with K=1 (P0: fork L U W X0; P1: L U X1): 4 executions, 2 orders.
// For N=3 the forks interleave with the first child's section and the waits with the exits;
// 210 is the number of valid merges counted by an exhaustive memoised enumeration of the same
// rules (enabled: L when the mutex is free, wait when a zombie child exists; every enabled
// agent a branch), independent of the tool. N=4 gives 39005 executions by the same count,
// too many for this suite's time budget, so it is not run here.
TEST_P(CountingTest, DfsSeesEveryOrderWithTheDerivedNumberOfExecutions) {
  const CountCase &c = GetParam();
  const std::filesystem::path log = dir_ / "orders.txt";
  const CommandResult result =
      run({}, {programPath(c.program), log.string(), std::to_string(c.size)});
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  const nlohmann::json s = summary();
  EXPECT_EQ(s["complete"], true);
  EXPECT_TRUE(s["bugs"].empty());
  EXPECT_EQ(s["executions"].get<uint64_t>(), c.executions);
  const std::vector<std::string> lines = readLines(log);
  EXPECT_EQ(lines.size(), c.executions) << "one line per execution";
  const std::set<std::string> orders(lines.begin(), lines.end());
  EXPECT_EQ(orders.size(), c.orders);
  for (const std::string &order : orders) {
    const size_t expectedLength = c.program == "count_lock_pairs" ? 2 * c.size : c.size;
    EXPECT_EQ(order.size(), expectedLength) << order;
  }
}

INSTANTIATE_TEST_SUITE_P(Programs, CountingTest,
                         ::testing::Values(CountCase{"count_lock_pairs", 1, 2, 4},
                                           CountCase{"count_lock_pairs", 2, 6, 14},
                                           CountCase{"count_lock_pairs", 3, 20, 50},
                                           CountCase{"count_increments", 2, 2, 4},
                                           CountCase{"count_increments", 3, 6, 210}),
                         [](const auto &info) {
                           return info.param.program + "_" + std::to_string(info.param.size);
                         });

} // namespace
} // namespace lockstep::integration
