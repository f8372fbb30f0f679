// Tests of plain (non-atomic) load and store instrumentation, compiled with the real clang 14 and
// LockstepPass.so at -O0 and -O2 and run against the recording stub: which accesses get a call,
// with which size callback and which source location, and which are left alone (private stack
// slots, constant globals, runtime and opted-out functions), and that a module is instrumented
// once even when the plugin is given twice.
#include "PassTestSupport.h"

#include <gtest/gtest.h>

namespace lockstep::runtime::test {
namespace {

// A test program around the inlined same-epoch test: Declarations (of `watched`, kEpoch, kWrite),
// the recorder's hook that makes `watched` a cached segment whose shadow is `cells` (two
// granules' worth), a SET_CELL(i, value) that changes a cell, then Body.
std::string withShadowHelpers(const std::string &Declarations, const std::string &Body) {
  return "#include <stddef.h>\n#include <stdint.h>\n#include <stdio.h>\n"
         "void lockstep_recorder_shadow(const void *start, size_t length, void *cells, "
         "uint32_t epoch);\n" +
         Declarations +
         "_Alignas(16) uint32_t cells[8];\n"
         "/* The asm keeps the compiler from reusing a load of `watched` across the change of a "
         "cell. */\n"
         "__attribute__((noinline)) void setCell(int i, uint32_t value) { cells[i] = value; }\n"
         "#define SET_CELL(i, value) do { setCell(i, value); __asm__ volatile(\"\" ::: "
         "\"memory\"); } while (0)\n" +
         Body;
}

class PlainAccess : public ::testing::TestWithParam<std::string> {
protected:
  ProgramRun run(const std::string &Source, const std::vector<std::string> &Flags = {}) {
    return buildAndRun(dir_, Language::C, "f.c", Source, GetParam(), Flags);
  }
  TempDir dir_;
};

TEST_P(PlainAccess, StoreToGlobalIsOneStore4WithItsLineColumnFunctionAndFile) {
  const std::string Source = R"(#include <stdio.h>

int g_value;

__attribute__((noinline))
void set_value(int v) {
  g_value = v;
}

int main(void) {
  set_value(7);
  printf("%d\n", g_value);
  return 0;
}
)";
  ProgramRun Run = run(Source);
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.exitCode, 0) << Run.process.errors;
  EXPECT_EQ(Run.process.output, "7\n");

  std::vector<Record> Line7 = onLine(Run.records, 7);
  ASSERT_EQ(Line7.size(), 1u);
  EXPECT_EQ(Line7[0].kind, "store");
  EXPECT_EQ(Line7[0].size, 4);
  EXPECT_EQ(Line7[0].function, "set_value");
  EXPECT_EQ(Line7[0].file, Run.sourcePath);
  EXPECT_EQ(Line7[0].column, 11u); // clang places a store at its '='

  std::vector<Record> Print = onLine(Run.records, 12);
  ASSERT_EQ(Print.size(), 1u);
  EXPECT_EQ(Print[0].kind, "load");
  EXPECT_EQ(Print[0].size, 4);
  EXPECT_EQ(Print[0].function, "main");
}

// The filter the pass inlines (__lockstep_filter, lockstep_abi.h): once the recorder narrows it to
// `tracked` in a single-threaded process, only the accesses to `tracked` reach their callbacks.
TEST_P(PlainAccess, TheInlinedFilterCallsOnlyForTheTrackedRange) {
  const std::string Source = R"(#include <stddef.h>
#include <stdio.h>
void lockstep_recorder_track_only(const void *start, size_t length);
long tracked[2];
long untracked[2];
__attribute__((noinline)) void touch(long *p) {
  p[1] = p[0] + 1;                  /* TOUCH */
}
int main(void) {
  touch(untracked);
  lockstep_recorder_track_only(tracked, sizeof tracked);
  touch(untracked);
  touch(tracked);
  printf("%ld %ld\n", untracked[1], tracked[1]);
  return 0;
}
)";
  ProgramRun Run = run(Source);
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "1 1\n");
  // The first touch (filter open): a load and a store; the second (untracked): none; the third
  // (tracked): a load and a store.
  const std::vector<Record> Touch = onLine(Run.records, lineOf(Source, "TOUCH"));
  ASSERT_EQ(Touch.size(), 4u);
  EXPECT_EQ(Touch[0].kind, "load");
  EXPECT_EQ(Touch[1].kind, "store");
  EXPECT_EQ(Touch[2].kind, "load");
  EXPECT_EQ(Touch[3].kind, "store");
  // main's own load of tracked[1] for printf is in range; its load of untracked[1] is not.
  EXPECT_EQ(onLine(Run.records, lineOf(Source, "printf")).size(), 1u);
}

// The same-epoch test the pass inlines (lockstep_abi.h): with `watched` a cached segment whose
// cells say that this thread's epoch read its bytes 0-3, and later wrote bytes 4-7, the callback
// is skipped exactly for the accesses those cells cover (a read by a read or a write, a write by a
// write only).
TEST_P(PlainAccess, TheInlinedSameEpochTestSkipsCoveredAccesses) {
  const std::string Source = withShadowHelpers(R"(_Alignas(8) int watched[2];
enum { kEpoch = 7u | 1u << 16, kWrite = 1u << 22 };
)",
                                               R"(int main(void) {
  lockstep_recorder_shadow(watched, sizeof watched, cells, kEpoch);
  SET_CELL(0, kEpoch | 0x0fu << 24);
  int a = watched[0];               /* READ_COVERED */
  int b = watched[1];               /* READ_UNCOVERED */
  watched[0] = a + b + 1;           /* WRITE_OVER_READ */
  SET_CELL(1, kEpoch | kWrite | 0xf0u << 24);
  watched[1] = 3;                   /* WRITE_COVERED */
  __asm__ volatile("" ::: "memory");
  int c = watched[1];               /* READ_OF_WRITE */
  printf("%d %d\n", watched[0], c);
  return 0;
}
)");
  ProgramRun Run = run(Source);
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "1 3\n");
  EXPECT_TRUE(onLine(Run.records, lineOf(Source, "READ_COVERED")).empty());
  ASSERT_EQ(onLine(Run.records, lineOf(Source, "READ_UNCOVERED")).size(), 1u);
  const std::vector<Record> WriteOverRead = onLine(Run.records, lineOf(Source, "WRITE_OVER_READ"));
  ASSERT_EQ(WriteOverRead.size(), 1u);
  EXPECT_EQ(WriteOverRead[0].kind, "store");
  EXPECT_TRUE(onLine(Run.records, lineOf(Source, "WRITE_COVERED")).empty());
  EXPECT_TRUE(onLine(Run.records, lineOf(Source, "READ_OF_WRITE")).empty());
}

// The same, for a 16-byte access: skipped only when the cells of both granules cover them whole.
TEST_P(PlainAccess, TheInlinedSameEpochTestCoversSixteenBytesByTwoGranules) {
  const std::string Source = withShadowHelpers(R"(typedef int Four __attribute__((vector_size(16)));
_Alignas(16) Four watched[1];
enum { kEpoch = 9u | 2u << 16, kWrite = 1u << 22 };
)",
                                               R"(int main(void) {
  lockstep_recorder_shadow(watched, sizeof watched, cells, kEpoch);
  SET_CELL(0, kEpoch | kWrite | 0xffu << 24);
  volatile Four sink;               /* whole vectors: no narrower loads */
  sink = watched[0];                /* HALF_COVERED */
  SET_CELL(4, kEpoch | 0xffu << 24);
  sink = watched[0];                /* BOTH_COVERED */
  printf("%d\n", sink[0]);
  return 0;
}
)");
  ProgramRun Run = run(Source);
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "0\n");
  // (The volatile stores to `sink` are recorded too: only the loads of `watched` count here.)
  const std::vector<Record> Half =
      ofKind(onLine(Run.records, lineOf(Source, "HALF_COVERED")), "load");
  ASSERT_EQ(Half.size(), 1u);
  EXPECT_EQ(Half[0].size, 16);
  EXPECT_TRUE(ofKind(onLine(Run.records, lineOf(Source, "BOTH_COVERED")), "load").empty());
}

TEST_P(PlainAccess, PrivateLocalsAreSkippedAndEscapingLocalsAreNot) {
  const std::string Source = R"(#include <stdio.h>
int *g_escape;
__attribute__((noinline)) void publish(int *p) { g_escape = p; }
int main(int argc, char **argv) {
  (void)argv;
  int private_local = 41;           /* PRIVATE_INIT */
  private_local += argc;            /* PRIVATE_UPDATE */
  int shared_local = 0;
  publish(&shared_local);
  shared_local = 5;                 /* SHARED_STORE */
  printf("%d %d\n", private_local, *g_escape);
  return 0;
}
)";
  ProgramRun Run = run(Source);
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "42 5\n");
  EXPECT_TRUE(onLine(Run.records, lineOf(Source, "PRIVATE_INIT")).empty());
  EXPECT_TRUE(onLine(Run.records, lineOf(Source, "PRIVATE_UPDATE")).empty());

  std::vector<Record> Shared = onLine(Run.records, lineOf(Source, "SHARED_STORE"));
  ASSERT_EQ(Shared.size(), 1u);
  EXPECT_EQ(Shared[0].kind, "store");
  EXPECT_EQ(Shared[0].size, 4);
  EXPECT_EQ(Shared[0].function, "main");
}

TEST_P(PlainAccess, ConstantGlobalsAreSkipped) {
  const std::string Source = R"(#include <stdio.h>
const int k_table[4] = {10, 20, 30, 40};
__attribute__((noinline)) int lookup(int i) {
  return k_table[i];                /* LOOKUP */
}
int main(int argc, char **argv) {
  (void)argv;
  printf("%d\n", lookup(argc));
  return 0;
}
)";
  ProgramRun Run = run(Source);
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "20\n");
  EXPECT_TRUE(onLine(Run.records, lineOf(Source, "LOOKUP")).empty());
}

TEST_P(PlainAccess, EachAccessSizeSelectsItsCallback) {
  const std::string Source = R"(#include <stdio.h>
typedef int v4i __attribute__((vector_size(16)));
typedef int v8i __attribute__((vector_size(32)));
char g1; short g2; int g4; long long g8; __int128 g16; v4i gv16;
long double g10; _BitInt(24) g3; v8i gv32;
volatile int g_volatile;
int sink;
int main(void) {
  g1 = 1;                           /* STORE_1 */
  g2 = 2;                           /* STORE_2 */
  g4 = 4;                           /* STORE_4 */
  g8 = 8;                           /* STORE_8 */
  g16 = 16;                         /* STORE_16 */
  gv16 = (v4i){1, 2, 3, 4};         /* STORE_V16 */
  g10 = 10.0L;                      /* STORE_LONG_DOUBLE */
  g3 = 3;                           /* STORE_BITINT24 */
  gv32 = (v8i){1};                  /* STORE_V32 */
  g_volatile = 5;                   /* STORE_VOLATILE */
  sink = g_volatile;                /* LOAD_VOLATILE */
  printf("%d\n", sink);
  return 0;
}
)";
  ProgramRun Run = run(Source);
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "5\n");

  struct Expectation {
    const char *marker;
    const char *kind;
    long long size;
  };
  const Expectation Expected[] = {
      {"STORE_1 ", "store", 1},
      {"STORE_2 ", "store", 2},
      {"STORE_4 ", "store", 4},
      {"STORE_8 ", "store", 8},
      {"STORE_16 ", "store", 16},
      {"STORE_V16 ", "store", 16},
      {"STORE_LONG_DOUBLE", "store_range", 10},
      {"STORE_BITINT24", "store_range", 3},
      {"STORE_V32", "store_range", 32},
      {"STORE_VOLATILE", "store", 4},
  };
  for (const Expectation &E : Expected) {
    std::vector<Record> Records = onLine(Run.records, lineOf(Source, E.marker));
    ASSERT_EQ(Records.size(), 1u) << E.marker;
    EXPECT_EQ(Records[0].kind, E.kind) << E.marker;
    EXPECT_EQ(Records[0].size, E.size) << E.marker;
  }
  std::vector<Record> Loads = ofKind(onLine(Run.records, lineOf(Source, "LOAD_VOLATILE")), "load");
  ASSERT_EQ(Loads.size(), 1u);
  EXPECT_EQ(Loads[0].size, 4);
}

TEST_P(PlainAccess, RuntimeAndOptedOutFunctionsAreSkipped) {
  const std::string Source = R"(#include <stdio.h>
int g;
__attribute__((noinline)) void __lockstep_helper(void) {
  g = 1;                            /* RUNTIME_FUNCTION */
}
__attribute__((noinline, disable_sanitizer_instrumentation)) void quiet(void) {
  g = 2;                            /* DISABLED_FUNCTION */
}
__attribute__((noinline, annotate("lockstep_ignore"))) void ignored(void) {
  g = 3;                            /* ANNOTATED_FUNCTION */
}
__attribute__((noinline)) void normal(void) {
  g = 4;                            /* NORMAL_FUNCTION */
}
int main(void) {
  __lockstep_helper();
  quiet();
  ignored();
  normal();
  printf("%d\n", g);
  return 0;
}
)";
  ProgramRun Run = run(Source);
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "4\n");
  EXPECT_TRUE(onLine(Run.records, lineOf(Source, "RUNTIME_FUNCTION")).empty());
  EXPECT_TRUE(onLine(Run.records, lineOf(Source, "DISABLED_FUNCTION")).empty());
  EXPECT_TRUE(onLine(Run.records, lineOf(Source, "ANNOTATED_FUNCTION")).empty());
  std::vector<Record> Normal = onLine(Run.records, lineOf(Source, "NORMAL_FUNCTION"));
  ASSERT_EQ(Normal.size(), 1u);
  EXPECT_EQ(Normal[0].kind, "store");
  EXPECT_EQ(Normal[0].function, "normal");
}

TEST_P(PlainAccess, PluginGivenTwiceInstrumentsOnce) {
  const std::string Source = R"(int g;
int main(void) {
  g = 1;                            /* STORE */
  return 0;
}
)";
  ProgramRun Run = run(Source, {std::string("-fpass-plugin=") + kPassPlugin});
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.records.size(), 1u);
  EXPECT_EQ(onLine(Run.records, lineOf(Source, "STORE")).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, PlainAccess, ::testing::Values("-O0", "-O2"),
                         [](const auto &Info) { return Info.param.substr(1); });

} // namespace
} // namespace lockstep::runtime::test
