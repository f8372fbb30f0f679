// Tests of C __atomic builtins at -O0 and -O2: every read-modify-write operation code at every
// width, loads and stores with their orders (consume arrives as acquire), and atomicrmw fadd,
// which the runtime cannot perform and which keeps its instruction behind
// __lockstep_unsupported_atomic.
#include "PassTestSupport.h"

#include "lockstep_abi.h"

#include <gtest/gtest.h>

namespace lockstep::runtime::test {
namespace {

class AtomicBuiltins : public ::testing::TestWithParam<std::string> {
protected:
  TempDir dir_;
};

TEST_P(AtomicBuiltins, EveryOperationWidthAndOrderIsPassedThrough) {
  const std::string Source = R"(#include <stdio.h>
unsigned char u8 = 0xF0;
unsigned short u16 = 100;
unsigned int u32 = 0xFF;
unsigned long long u64 = 1;
int s32 = -5;
unsigned int m32 = 5;
int cell = 7;
float fl = 1.0f;
int main(void) {
  unsigned r1 = __atomic_fetch_and(&u8, 0x3C, __ATOMIC_ACQUIRE);          /* AND_1 */
  unsigned r2 = __atomic_fetch_sub(&u16, 30, __ATOMIC_RELAXED);           /* SUB_2 */
  unsigned r3 = __atomic_fetch_xor(&u32, 0x0F, __ATOMIC_SEQ_CST);         /* XOR_4 */
  unsigned long long r4 = __atomic_fetch_or(&u64, 6, __ATOMIC_ACQ_REL);   /* OR_8 */
  unsigned r5 = __atomic_fetch_nand(&u32, 0x30, __ATOMIC_RELEASE);        /* NAND_4 */
  int r6 = __atomic_fetch_max(&s32, -9, __ATOMIC_RELAXED);                /* MAX_4 */
  int r7 = __atomic_fetch_min(&s32, -9, __ATOMIC_RELAXED);                /* MIN_4 */
  unsigned r8 = __atomic_fetch_max(&m32, 4000000000u, __ATOMIC_RELAXED);  /* UMAX_4 */
  unsigned r9 = __atomic_fetch_min(&m32, 3u, __ATOMIC_RELAXED);           /* UMIN_4 */
  int r10 = __atomic_exchange_n(&cell, 11, __ATOMIC_SEQ_CST);             /* XCHG_4 */
  int r11 = __atomic_load_n(&cell, __ATOMIC_CONSUME);                     /* LOAD_CONSUME */
  __atomic_store_n(&u16, 9, __ATOMIC_RELEASE);                            /* STORE_2 */
  unsigned long long r12 = __atomic_add_fetch(&u64, 1, __ATOMIC_SEQ_CST); /* ADD_8 */
  __atomic_fetch_add(&fl, 0.5f, __ATOMIC_SEQ_CST);                        /* FADD */
  printf("%x %u %x %llu %x %d %d %u %u %d %d\n", r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11);
  printf("%x %u %x %llu %d %u %d %g %llu\n", u8, u16, u32, u64, s32, m32, cell, fl, r12);
  return 0;
}
)";
  ProgramRun Run = buildAndRun(dir_, Language::C, "builtins.c", Source, GetParam());
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.exitCode, 0) << Run.process.errors;
  EXPECT_EQ(Run.process.output, "f0 100 ff 1 f0 -5 -5 5 4000000000 7 11\n"
                                "30 9 ffffffcf 8 -9 3 11 1.5 8\n");

  struct Expectation {
    const char *marker;
    const char *kind;
    long long size;
    int op;
    int order;
  };
  const Expectation Expected[] = {
      {"AND_1", "atomic_rmw", 1, LOCKSTEP_RMW_AND, LOCKSTEP_ORDER_ACQUIRE},
      {"SUB_2", "atomic_rmw", 2, LOCKSTEP_RMW_SUB, LOCKSTEP_ORDER_RELAXED},
      {"XOR_4", "atomic_rmw", 4, LOCKSTEP_RMW_XOR, LOCKSTEP_ORDER_SEQ_CST},
      {"OR_8", "atomic_rmw", 8, LOCKSTEP_RMW_OR, LOCKSTEP_ORDER_ACQ_REL},
      {"NAND_4", "atomic_rmw", 4, LOCKSTEP_RMW_NAND, LOCKSTEP_ORDER_RELEASE},
      {"UMAX_4", "atomic_rmw", 4, LOCKSTEP_RMW_UMAX, LOCKSTEP_ORDER_RELAXED},
      {"UMIN_4", "atomic_rmw", 4, LOCKSTEP_RMW_UMIN, LOCKSTEP_ORDER_RELAXED},
      {"/* MAX_4", "atomic_rmw", 4, LOCKSTEP_RMW_MAX, LOCKSTEP_ORDER_RELAXED},
      {"/* MIN_4", "atomic_rmw", 4, LOCKSTEP_RMW_MIN, LOCKSTEP_ORDER_RELAXED},
      {"XCHG_4", "atomic_rmw", 4, LOCKSTEP_RMW_XCHG, LOCKSTEP_ORDER_SEQ_CST},
      {"LOAD_CONSUME", "atomic_load", 4, -1, LOCKSTEP_ORDER_ACQUIRE},
      {"STORE_2", "atomic_store", 2, -1, LOCKSTEP_ORDER_RELEASE},
      {"ADD_8", "atomic_rmw", 8, LOCKSTEP_RMW_ADD, LOCKSTEP_ORDER_SEQ_CST},
  };
  for (const Expectation &E : Expected) {
    std::vector<Record> Records = onLine(Run.records, lineOf(Source, E.marker));
    ASSERT_EQ(Records.size(), 1u) << E.marker;
    EXPECT_EQ(Records[0].kind, E.kind) << E.marker;
    EXPECT_EQ(Records[0].size, E.size) << E.marker;
    EXPECT_EQ(Records[0].op, E.op) << E.marker;
    EXPECT_EQ(Records[0].order, E.order) << E.marker;
  }
  std::vector<Record> Fadd = onLine(Run.records, lineOf(Source, "FADD"));
  ASSERT_EQ(Fadd.size(), 1u);
  EXPECT_EQ(Fadd[0].kind, "unsupported_atomic");
  EXPECT_EQ(Fadd[0].function, "main");
}

INSTANTIATE_TEST_SUITE_P(OptLevels, AtomicBuiltins, ::testing::Values("-O0", "-O2"),
                         [](const auto &Info) { return Info.param.substr(1); });

} // namespace
} // namespace lockstep::runtime::test
