// Tests that llvm.memcpy / llvm.memmove / llvm.memset become calls to __lockstep_memcpy /
// _memmove / _memset (the recording stub performs them, so correct output proves the original
// intrinsic is gone and the runtime's copy is used), at -O0 and -O2, that bulk operations
// on private stack memory are left alone, and that llvm.memcpy.inline is reported, not replaced.
#include "PassTestSupport.h"

#include <gtest/gtest.h>

namespace lockstep::runtime::test {
namespace {

class MemoryIntrinsics : public ::testing::TestWithParam<std::string> {
protected:
  TempDir dir_;
};

TEST_P(MemoryIntrinsics, BulkOperationsGoThroughTheRuntime) {
  const std::string Source = R"(#include <stdio.h>
#include <string.h>
char source[100], copy[100], moved[100], filled[100];
struct Big { int values[10]; } big_a, big_b;
int main(int argc, char **argv) {
  (void)argv;
  for (int i = 0; i < 100; i++) {
    source[i] = (char)i;
    moved[i] = (char)i;
  }
  memcpy(copy, source, sizeof copy);           /* MEMCPY */
  memmove(moved, moved + 1, 50);               /* MEMMOVE */
  memset(filled, 'x', 64);                     /* MEMSET */
  big_b.values[9] = 99;
  big_a = big_b;                               /* STRUCT_COPY */
  char local[64];
  memset(local, 'y', sizeof local);            /* LOCAL_MEMSET */
  printf("%d %d %d %d %c %c %d %c\n", copy[5], copy[99], moved[0], moved[49], filled[63],
         filled[64] ? '?' : '0', big_a.values[9], local[argc]);
  return 0;
}
)";
  ProgramRun Run = buildAndRun(dir_, Language::C, "mem.c", Source, GetParam());
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.exitCode, 0) << Run.process.errors;
  EXPECT_EQ(Run.process.output, "5 99 1 50 x 0 99 y\n");

  struct Expectation {
    const char *marker;
    const char *kind;
    long long size;
  };
  const Expectation Expected[] = {{"/* MEMCPY */", "memcpy", 100},
                                  {"/* MEMMOVE */", "memmove", 50},
                                  {"/* MEMSET */", "memset", 64},
                                  {"/* STRUCT_COPY */", "memcpy", 40}};
  for (const Expectation &E : Expected) {
    std::vector<Record> Records = onLine(Run.records, lineOf(Source, E.marker));
    ASSERT_EQ(Records.size(), 1u) << E.marker;
    EXPECT_EQ(Records[0].kind, E.kind) << E.marker;
    EXPECT_EQ(Records[0].size, E.size) << E.marker;
    EXPECT_EQ(Records[0].function, "main") << E.marker;
  }
  EXPECT_TRUE(onLine(Run.records, lineOf(Source, "/* LOCAL_MEMSET */")).empty());
}

TEST_P(MemoryIntrinsics, InlineCopyStaysAndIsReportedAsTwoRanges) {
  // llvm.memcpy.inline must not become a call, so it keeps its instruction and gets a range
  // load of the source and a range store to the destination before it.
  const std::string Source = R"(#include <stdio.h>
char source[16] = "abcdefghijklmno", target[16];
int main(void) {
  __builtin_memcpy_inline(&target[0], &source[0], 16);   /* INLINE_COPY */
  printf("%s\n", target);
  return 0;
}
)";
  ProgramRun Run = buildAndRun(dir_, Language::C, "inline.c", Source, GetParam());
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "abcdefghijklmno\n");
  std::vector<Record> Records = onLine(Run.records, lineOf(Source, "INLINE_COPY"));
  ASSERT_EQ(Records.size(), 2u);
  EXPECT_EQ(Records[0].kind, "load_range");
  EXPECT_EQ(Records[0].size, 16);
  EXPECT_EQ(Records[1].kind, "store_range");
  EXPECT_EQ(Records[1].size, 16);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, MemoryIntrinsics, ::testing::Values("-O0", "-O2"),
                         [](const auto &Info) { return Info.param.substr(1); });

} // namespace
} // namespace lockstep::runtime::test
