// Tests of std::atomic instrumentation at -O0 and -O2: each atomic operation becomes exactly one
// runtime call with the right size, operation code and C11 memory order, attributed to the
// user's line (libstdc++ forces its atomic members inline even at -O0), and the program still
// computes the right result because the recording stub performs the operation for real.
#include "PassTestSupport.h"

#include "lockstep_abi.h"

#include <gtest/gtest.h>

namespace lockstep::runtime::test {
namespace {

class Atomics : public ::testing::TestWithParam<std::string> {
protected:
  ProgramRun run(const std::string &Source) {
    return buildAndRun(dir_, Language::Cxx, "atomics.cpp", Source, GetParam(), {"-std=c++17"});
  }
  bool optimized() const { return GetParam() != "-O0"; }
  TempDir dir_;
};

TEST_P(Atomics, FetchAddReleaseIsOneRmwAddWithOrderRelease) {
  const std::string Source = R"(#include <atomic>
#include <cstdio>
std::atomic<int> counter{0};
int main() {
  int old = counter.fetch_add(5, std::memory_order_release);              /* FETCH_ADD */
  std::printf("%d %d\n", old, counter.load(std::memory_order_relaxed));   /* PRINT */
  return 0;
}
)";
  ProgramRun Run = run(Source);
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "0 5\n");

  std::vector<Record> Add = atomicsOnly(onLine(Run.records, lineOf(Source, "FETCH_ADD")));
  ASSERT_EQ(Add.size(), 1u);
  EXPECT_EQ(Add[0].kind, "atomic_rmw");
  EXPECT_EQ(Add[0].size, 4);
  EXPECT_EQ(Add[0].op, LOCKSTEP_RMW_ADD);
  EXPECT_EQ(Add[0].order, LOCKSTEP_ORDER_RELEASE);
  EXPECT_EQ(Add[0].function, "main");
  EXPECT_EQ(Add[0].file, Run.sourcePath);

  std::vector<Record> Load = atomicsOnly(onLine(Run.records, lineOf(Source, "PRINT")));
  ASSERT_EQ(Load.size(), 1u);
  EXPECT_EQ(Load[0].kind, "atomic_load");
  EXPECT_EQ(Load[0].size, 4);
  EXPECT_EQ(Load[0].order, LOCKSTEP_ORDER_RELAXED);
}

TEST_P(Atomics, ConcurrentFetchAddsStillSumCorrectly) {
  const std::string Source = R"(#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>
std::atomic<long> counter{0};
void worker() {
  for (int i = 0; i < 1000; ++i)
    counter.fetch_add(1, std::memory_order_release);                       /* FETCH_ADD */
}
int main() {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back(worker);
  for (std::thread &t : threads)
    t.join();
  std::printf("%ld\n", counter.load());
  return 0;
}
)";
  ProgramRun Run = run(Source);
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "4000\n");
  std::vector<Record> Adds = atomicsOnly(onLine(Run.records, lineOf(Source, "FETCH_ADD")));
  ASSERT_EQ(Adds.size(), 4000u);
  for (const Record &R : Adds) {
    ASSERT_EQ(R.kind, "atomic_rmw");
    ASSERT_EQ(R.size, 8);
    ASSERT_EQ(R.op, LOCKSTEP_RMW_ADD);
    ASSERT_EQ(R.order, LOCKSTEP_ORDER_RELEASE);
    ASSERT_EQ(R.function, "worker");
  }
}

TEST_P(Atomics, CompareExchangeReportsSuccessAndFailure) {
  // value: 10 --cas(10->20) succeeds--> 20 --cas(10->30) fails, stale := 20--> 20
  const std::string Source = R"(#include <atomic>
#include <cstdio>
std::atomic<int> value{10};
int main() {
  int expected = 10;
  bool first = value.compare_exchange_strong(expected, 20, std::memory_order_acq_rel,
                                             std::memory_order_acquire);  /* CAS_SUCCESS */
  int stale = 10;
  bool second = value.compare_exchange_strong(stale, 30, std::memory_order_seq_cst,
                                              std::memory_order_relaxed); /* CAS_FAILURE */
  int current = value.load(std::memory_order_relaxed);
  while (!value.compare_exchange_weak(current, current + 1)) {            /* CAS_WEAK */
  }
  std::printf("%d %d %d %d %d\n", first, expected, second, stale, value.load());
  return 0;
}
)";
  ProgramRun Run = run(Source);
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "1 10 0 20 21\n");

  // A call's location is its first line, where the member function is named.
  std::vector<Record> Success = atomicsOnly(onLine(Run.records, lineOf(Source, "CAS_SUCCESS") - 1));
  ASSERT_EQ(Success.size(), 1u);
  EXPECT_EQ(Success[0].kind, "atomic_cmpxchg");
  EXPECT_EQ(Success[0].size, 4);
  EXPECT_EQ(Success[0].order, LOCKSTEP_ORDER_ACQ_REL);
  EXPECT_EQ(Success[0].failureOrder, LOCKSTEP_ORDER_ACQUIRE);

  std::vector<Record> Failure = atomicsOnly(onLine(Run.records, lineOf(Source, "CAS_FAILURE") - 1));
  ASSERT_EQ(Failure.size(), 1u);
  EXPECT_EQ(Failure[0].kind, "atomic_cmpxchg");
  EXPECT_EQ(Failure[0].order, LOCKSTEP_ORDER_SEQ_CST);
  EXPECT_EQ(Failure[0].failureOrder, LOCKSTEP_ORDER_RELAXED);

  // Single-threaded, the weak exchange succeeds at once: one call, seq_cst for both orders.
  std::vector<Record> Weak = atomicsOnly(onLine(Run.records, lineOf(Source, "CAS_WEAK")));
  ASSERT_EQ(Weak.size(), 1u);
  EXPECT_EQ(Weak[0].kind, "atomic_cmpxchg");
  EXPECT_EQ(Weak[0].order, LOCKSTEP_ORDER_SEQ_CST);
  EXPECT_EQ(Weak[0].failureOrder, LOCKSTEP_ORDER_SEQ_CST);
}

TEST_P(Atomics, ThreadFencesAreReplacedAndSignalFencesAreNot) {
  const std::string Source = R"(#include <atomic>
#include <cstdio>
volatile int tick;
int main() {
  std::atomic_thread_fence(std::memory_order_acquire);                    /* ACQUIRE_FENCE */
  tick = 1; // keeps -O2 from merging adjacent fences
  std::atomic_thread_fence(std::memory_order_release);                    /* RELEASE_FENCE */
  tick = 2;
  std::atomic_thread_fence(std::memory_order_seq_cst);                    /* SEQ_CST_FENCE */
  tick = 3;
  std::atomic_signal_fence(std::memory_order_seq_cst);                    /* SIGNAL_FENCE */
  std::puts("done");
  return 0;
}
)";
  ProgramRun Run = run(Source);
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "done\n");
  const std::pair<const char *, int> Expected[] = {{"ACQUIRE_FENCE", LOCKSTEP_ORDER_ACQUIRE},
                                                   {"RELEASE_FENCE", LOCKSTEP_ORDER_RELEASE},
                                                   {"SEQ_CST_FENCE", LOCKSTEP_ORDER_SEQ_CST}};
  for (const auto &[Marker, Order] : Expected) {
    std::vector<Record> Fences = onLine(Run.records, lineOf(Source, Marker));
    ASSERT_EQ(Fences.size(), 1u) << Marker;
    EXPECT_EQ(Fences[0].kind, "atomic_fence") << Marker;
    EXPECT_EQ(Fences[0].order, Order) << Marker;
    EXPECT_EQ(Fences[0].function, "main") << Marker;
  }
  EXPECT_TRUE(onLine(Run.records, lineOf(Source, "SIGNAL_FENCE")).empty());
  EXPECT_EQ(ofKind(Run.records, "atomic_fence").size(), 3u);
}

TEST_P(Atomics, PointerAtomicsTravelAsEightByteIntegers) {
  const std::string Source = R"(#include <atomic>
#include <cstdio>
int first_target = 1, second_target = 2;
std::atomic<int *> slot{nullptr};
int main() {
  slot.store(&first_target, std::memory_order_release);                   /* PTR_STORE */
  int *seen = slot.load(std::memory_order_acquire);                       /* PTR_LOAD */
  int *previous = slot.exchange(&second_target, std::memory_order_acq_rel); /* PTR_XCHG */
  int *expected = &second_target;
  bool swapped = slot.compare_exchange_strong(expected, &first_target);   /* PTR_CAS */
  std::printf("%d %d %d %d\n", *seen, *previous, swapped, *slot.load(std::memory_order_relaxed));
  return 0;
}
)";
  ProgramRun Run = run(Source);
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "1 1 1 1\n");

  std::vector<Record> Atomic = atomicsOnly(Run.records);
  ASSERT_EQ(Atomic.size(), 5u);
  for (const Record &R : Atomic)
    EXPECT_EQ(R.size, 8) << R.kind;
  EXPECT_EQ(Atomic[0].kind, "atomic_store");
  EXPECT_EQ(Atomic[0].order, LOCKSTEP_ORDER_RELEASE);
  EXPECT_EQ(Atomic[1].kind, "atomic_load");
  EXPECT_EQ(Atomic[1].order, LOCKSTEP_ORDER_ACQUIRE);
  EXPECT_EQ(Atomic[2].kind, "atomic_rmw");
  EXPECT_EQ(Atomic[2].op, LOCKSTEP_RMW_XCHG);
  EXPECT_EQ(Atomic[2].order, LOCKSTEP_ORDER_ACQ_REL);
  EXPECT_EQ(Atomic[3].kind, "atomic_cmpxchg");
  EXPECT_EQ(Atomic[3].order, LOCKSTEP_ORDER_SEQ_CST);
  EXPECT_EQ(Atomic[3].failureOrder, LOCKSTEP_ORDER_SEQ_CST);
  EXPECT_EQ(Atomic[4].kind, "atomic_load");
  EXPECT_EQ(Atomic[4].order, LOCKSTEP_ORDER_RELAXED);
  if (optimized()) {
    // At -O0, std::atomic<T*>'s members are ordinary inline functions that are not inlined, so
    // their atomics are reported inside <atomic>; after inlining they belong to main.
    EXPECT_EQ(Atomic[0].line, lineOf(Source, "PTR_STORE"));
    EXPECT_EQ(Atomic[1].line, lineOf(Source, "PTR_LOAD"));
    EXPECT_EQ(Atomic[2].line, lineOf(Source, "PTR_XCHG"));
    EXPECT_EQ(Atomic[3].line, lineOf(Source, "PTR_CAS"));
  }
}

TEST_P(Atomics, DoubleAtomicsKeepTheirBitPattern) {
  const std::string Source = R"(#include <atomic>
#include <cstdio>
std::atomic<double> level{0.0};
int main() {
  level.store(2.5);
  double seen = level.load();
  double previous = level.exchange(-4.25);
  std::printf("%g %g %g\n", seen, previous, level.load());
  return 0;
}
)";
  ProgramRun Run = run(Source);
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "2.5 2.5 -4.25\n");
  std::vector<Record> Atomic = atomicsOnly(Run.records);
  ASSERT_EQ(Atomic.size(), 4u);
  const char *Kinds[] = {"atomic_store", "atomic_load", "atomic_rmw", "atomic_load"};
  for (std::size_t Index = 0; Index < Atomic.size(); ++Index) {
    EXPECT_EQ(Atomic[Index].kind, Kinds[Index]);
    EXPECT_EQ(Atomic[Index].size, 8);
    EXPECT_EQ(Atomic[Index].order, LOCKSTEP_ORDER_SEQ_CST);
  }
  EXPECT_EQ(Atomic[2].op, LOCKSTEP_RMW_XCHG);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, Atomics, ::testing::Values("-O0", "-O2"),
                         [](const auto &Info) { return Info.param.substr(1); });

} // namespace
} // namespace lockstep::runtime::test
