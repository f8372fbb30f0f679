// Tests of the source-location records the pass passes to the runtime: one record per distinct
// position in a module, relative file names joined with the compilation directory, the frame
// chosen for inlined code (user frames over library frames), and the fallbacks without debug
// information.
#include "PassTestSupport.h"

#include "lockstep_abi.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

namespace lockstep::runtime::test {
namespace {

TEST(SourceLocations, IdenticalPositionsShareOneRecordPerModule) {
  // With a run-time memory order, clang emits one atomicrmw per possible order, all at the same
  // position: five calls, one record, two strings.
  TempDir Dir;
  std::string Source = Dir.write("dedupe.c", R"(int g;
void bump(int order) { __atomic_fetch_add(&g, 1, order); }
)");
  std::string IrPath = Dir.file("dedupe.ll");
  ProcessResult Compiled =
      runProcess({kClang, "-S", "-emit-llvm", "-O0", "-g",
                  std::string("-fpass-plugin=") + kPassPlugin, Source, "-o", IrPath});
  ASSERT_EQ(Compiled.exitCode, 0) << Compiled.errors;

  std::ifstream In(IrPath);
  std::string Line;
  std::regex CallPattern(R"(call i32 @__lockstep_atomic_rmw_4\(.*(@__lockstep_srcloc[.0-9]*) )");
  std::regex RecordDefinition(R"(^@__lockstep_srcloc[.0-9]* = private)");
  std::regex StringDefinition(R"(^@__lockstep_srcloc_str[.0-9]* = private)");
  unsigned Calls = 0, Records = 0, Strings = 0;
  std::set<std::string> Referenced;
  while (std::getline(In, Line)) {
    std::smatch Match;
    if (std::regex_search(Line, Match, CallPattern)) {
      ++Calls;
      Referenced.insert(Match[1]);
    }
    Records += std::regex_search(Line, RecordDefinition);
    Strings += std::regex_search(Line, StringDefinition);
  }
  EXPECT_EQ(Calls, 5u);
  EXPECT_EQ(Referenced.size(), 1u);
  EXPECT_EQ(Records, 1u);
  EXPECT_EQ(Strings, 2u);
}

TEST(SourceLocations, RelativeFileIsJoinedWithTheCompilationDirectory) {
  TempDir Dir;
  Dir.write("rel.c", R"(int g;
int main(void) {
  g = 3;
  return g - 3;
}
)");
  ProcessResult Compiled =
      runProcess({kClang, "-c", "-O0", "-g", std::string("-fpass-plugin=") + kPassPlugin, "rel.c",
                  "-o", "rel.o"},
                 {}, Dir.path());
  ASSERT_EQ(Compiled.exitCode, 0) << Compiled.errors;
  std::string RecorderDir = std::filesystem::path(kRecorderLibrary).parent_path().string();
  ProcessResult Linked =
      runProcess({kClang, "rel.o", kRecorderLibrary, "-Wl,-rpath," + RecorderDir, "-o", "rel"}, {},
                 Dir.path());
  ASSERT_EQ(Linked.exitCode, 0) << Linked.errors;
  ProcessResult Ran =
      runProcess({Dir.file("rel")}, {{"LOCKSTEP_RECORD_FILE", Dir.file("records")}});
  EXPECT_EQ(Ran.exitCode, 0);

  std::vector<Record> Store = onLine(readRecords(Dir.file("records")), 3);
  ASSERT_EQ(Store.size(), 1u);
  EXPECT_EQ(Store[0].file, Dir.file("rel.c"));
}

TEST(SourceLocations, WithoutDebugInfoLineIsZeroAndNameIsDemangled) {
  TempDir Dir;
  const std::string Source = R"(#include <cstdio>
namespace shop {
int stock;
__attribute__((noinline)) void restock(int amount) { stock = amount; }
} // namespace shop
int main() {
  shop::restock(3);
  std::printf("%d\n", shop::stock);
  return 0;
}
)";
  ProgramRun Run = buildAndRun(Dir, Language::Cxx, "nodebug.cpp", Source, "-O1", {"-g0"});
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "3\n");
  std::vector<Record> Stores = ofKind(Run.records, "store");
  ASSERT_EQ(Stores.size(), 1u);
  EXPECT_EQ(Stores[0].function, "shop::restock(int)");
  EXPECT_EQ(Stores[0].line, 0u);
  EXPECT_EQ(Stores[0].column, 0u);
  EXPECT_EQ(Stores[0].file, Run.sourcePath);
}

class InlinedLocations : public ::testing::TestWithParam<std::string> {};

TEST_P(InlinedLocations, UserCodeKeepsItsOwnLineWhenInlined) {
  // Library frames (std::atomic in <atomic>, std::thread's trampoline) give way to the nearest
  // user frame; user frames are reported as written, inlined or not.
  TempDir Dir;
  const std::string Source = R"(#include <stdio.h>
int g;
static inline __attribute__((always_inline)) void set(int v) {
  g = v;                            /* HELPER_BODY */
}
int main(void) {
  set(4);                           /* CALL_SITE */
  printf("%d\n", g);
  return 0;
}
)";
  ProgramRun Run = buildAndRun(Dir, Language::C, "inl.c", Source, GetParam());
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "4\n");
  EXPECT_TRUE(onLine(Run.records, lineOf(Source, "CALL_SITE")).empty());
  std::vector<Record> Stores = onLine(Run.records, lineOf(Source, "HELPER_BODY"));
  ASSERT_EQ(Stores.size(), 1u);
  EXPECT_EQ(Stores[0].kind, "store");
  EXPECT_EQ(Stores[0].function, "set");
  EXPECT_EQ(Stores[0].column, 5u);
}

TEST_P(InlinedLocations, LambdaRunByStdThreadReportsTheLambda) {
  TempDir Dir;
  const std::string Source = R"(#include <atomic>
#include <cstdio>
#include <thread>
std::atomic<int> hits{0};
int main() {
  std::thread other([] { hits.fetch_add(2, std::memory_order_acq_rel); }); /* LAMBDA */
  other.join();
  std::printf("%d\n", hits.load());
  return 0;
}
)";
  ProgramRun Run =
      buildAndRun(Dir, Language::Cxx, "lambda.cpp", Source, GetParam(), {"-std=c++17"});
  ASSERT_TRUE(Run.built) << Run.buildLog;
  EXPECT_EQ(Run.process.output, "2\n");
  std::vector<Record> Adds = ofKind(Run.records, "atomic_rmw");
  ASSERT_EQ(Adds.size(), 1u);
  EXPECT_EQ(Adds[0].line, lineOf(Source, "LAMBDA"));
  EXPECT_EQ(Adds[0].function, "operator()");
  EXPECT_EQ(Adds[0].file, Run.sourcePath);
  EXPECT_EQ(Adds[0].order, LOCKSTEP_ORDER_ACQ_REL);
}

INSTANTIATE_TEST_SUITE_P(OptLevels, InlinedLocations, ::testing::Values("-O0", "-O2"),
                         [](const auto &Info) { return Info.param.substr(1); });

} // namespace
} // namespace lockstep::runtime::test
