// End-to-end tests of the compiler wrappers lockstep-cc and lockstep-c++: separate compile and
// link steps of a two-file program (by hand and through make's implicit rules), a one-step C++
// build, the command line they hand to the driver, and their error for a missing driver. The
// programs link against the recording stub through LOCKSTEP_RUNTIME_LIB instead of
// liblockstep_rt, which this part of the tree does not build.
#include "PassTestSupport.h"

#include "lockstep_abi.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sys/stat.h>

namespace lockstep::runtime::test {
namespace {

const std::string kCounterSource = R"(int counter;
void bump(void) {
  counter = counter + 1;            /* BUMP */
}
)";

const std::string kMainSource = R"(#include <stdio.h>
#ifndef __LOCKSTEP__
#error "the wrapper must define __LOCKSTEP__"
#endif
void bump(void);
extern int counter;
int main(void) {
  bump();
  bump();
  bump();
  printf("__LOCKSTEP__=%d counter=%d\n", __LOCKSTEP__, counter);
  return 0;
}
)";

Environment recorderEnvironment() { return {{"LOCKSTEP_RUNTIME_LIB", kRecorderLibrary}}; }

// Checks the output and the records of the two-file program built in `Dir`.
void expectCounterProgramWorks(const TempDir &Dir) {
  // Run without LD_LIBRARY_PATH: the recorder is found through the rpath the wrapper added.
  ProcessResult Ran =
      runProcess({Dir.file("prog")}, {{"LOCKSTEP_RECORD_FILE", Dir.file("records")}});
  EXPECT_EQ(Ran.exitCode, 0) << Ran.errors;
  EXPECT_EQ(Ran.output, "__LOCKSTEP__=1 counter=3\n");
  std::vector<Record> Bump =
      onLine(readRecords(Dir.file("records")), lineOf(kCounterSource, "BUMP"));
  ASSERT_EQ(ofKind(Bump, "store").size(), 3u);
  ASSERT_EQ(ofKind(Bump, "load").size(), 3u);
  for (const Record &R : Bump) {
    EXPECT_EQ(R.size, 4);
    EXPECT_EQ(R.function, "bump");
    EXPECT_EQ(R.file, Dir.file("counter.c")); // relative name joined with the directory
  }
}

std::vector<std::string> readLines(const std::string &Path) {
  std::vector<std::string> Lines;
  std::ifstream In(Path);
  std::string Line;
  while (std::getline(In, Line))
    Lines.push_back(Line);
  return Lines;
}

bool contains(const std::vector<std::string> &Lines, const std::string &Wanted) {
  for (const std::string &Line : Lines)
    if (Line == Wanted)
      return true;
  return false;
}

TEST(Wrappers, TwoFileProgramCompiledAndLinkedInSeparateSteps) {
  TempDir Dir;
  Dir.write("counter.c", kCounterSource);
  Dir.write("main.c", kMainSource);
  const std::vector<std::vector<std::string>> Steps = {
      {kCcWrapper, "-O1", "-c", "counter.c", "-o", "counter.o"},
      {kCcWrapper, "-c", "main.c", "-o", "main.o"},
      {kCcWrapper, "counter.o", "main.o", "-o", "prog"}};
  for (const std::vector<std::string> &Step : Steps) {
    ProcessResult Result = runProcess(Step, recorderEnvironment(), Dir.path());
    ASSERT_EQ(Result.exitCode, 0) << Step[1] << "\n" << Result.errors;
    EXPECT_EQ(Result.errors, "") << Step[1]; // no unused-argument warnings either
  }
  expectCounterProgramWorks(Dir);
}

TEST(Wrappers, MakeWithCcSetToTheWrapper) {
  if (runProcess({"make", "--version"}).exitCode != 0)
    GTEST_SKIP() << "make is not installed";
  TempDir Dir;
  Dir.write("counter.c", kCounterSource);
  Dir.write("main.c", kMainSource);
  Dir.write("Makefile", "prog: main.o counter.o\n\t$(CC) $(LDFLAGS) $^ -o $@\n");
  ProcessResult Made = runProcess({"make", std::string("CC=") + kCcWrapper, "CFLAGS=-O2"},
                                  recorderEnvironment(), Dir.path());
  ASSERT_EQ(Made.exitCode, 0) << Made.output << Made.errors;
  expectCounterProgramWorks(Dir);
}

TEST(Wrappers, CxxWrapperBuildsAThreadedProgramInOneStep) {
  TempDir Dir;
  const std::string Source = R"(#include <atomic>
#include <cstdio>
#include <thread>
std::atomic<int> hits{0};
int main() {
  std::thread other([] { hits.fetch_add(1, std::memory_order_relaxed); }); /* OTHER */
  hits.fetch_add(1, std::memory_order_relaxed);                          /* MAIN */
  other.join();
  std::printf("%d\n", hits.load());
  return 0;
}
)";
  Dir.write("app.cpp", Source);
  ProcessResult Built =
      runProcess({kCxxWrapper, "-std=c++17", "-O2", "-pthread", "app.cpp", "-o", "app"},
                 recorderEnvironment(), Dir.path());
  ASSERT_EQ(Built.exitCode, 0) << Built.errors;
  ProcessResult Ran =
      runProcess({Dir.file("app")}, {{"LOCKSTEP_RECORD_FILE", Dir.file("records")}});
  EXPECT_EQ(Ran.output, "2\n");
  std::vector<Record> Records = readRecords(Dir.file("records"));
  const std::pair<const char *, const char *> Expected[] = {{"OTHER", "operator()"},
                                                            {"MAIN", "main"}};
  for (const auto &[Marker, Function] : Expected) {
    std::vector<Record> Adds = ofKind(onLine(Records, lineOf(Source, Marker)), "atomic_rmw");
    ASSERT_EQ(Adds.size(), 1u) << Marker;
    EXPECT_EQ(Adds[0].op, LOCKSTEP_RMW_ADD);
    EXPECT_EQ(Adds[0].order, LOCKSTEP_ORDER_RELAXED);
    EXPECT_EQ(Adds[0].function, Function);
  }
}

TEST(Wrappers, DriverReceivesInstrumentationAndRuntimeFlags) {
  // A fake driver records its arguments, one per line.
  TempDir Dir;
  std::string Fake = Dir.write("fake-clang", "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$ARGS_FILE\"\n");
  ASSERT_EQ(chmod(Fake.c_str(), 0755), 0);
  const std::string Plugin = std::string("-fpass-plugin=") + kPassPlugin;
  Environment Env = {{"LOCKSTEP_CLANG", Fake},
                     {"LOCKSTEP_CLANGXX", Fake},
                     {"LOCKSTEP_RUNTIME_DIR", "/opt/lockstep/rt"},
                     {"ARGS_FILE", Dir.file("args")}};

  ASSERT_EQ(runProcess({kCcWrapper, "-c", "x.c", "-o", "x.o"}, Env).exitCode, 0);
  std::vector<std::string> Compile = readLines(Dir.file("args"));
  EXPECT_EQ(Compile,
            (std::vector<std::string>{"-c", "x.c", "-o", "x.o", "-g", Plugin, "-D__LOCKSTEP__=1"}));

  ASSERT_EQ(runProcess({kCxxWrapper, "x.o", "y.o", "-o", "prog"}, Env).exitCode, 0);
  std::vector<std::string> Link = readLines(Dir.file("args"));
  EXPECT_EQ(Link, (std::vector<std::string>{
                      "x.o", "y.o", "-o", "prog", "-g", Plugin, "-D__LOCKSTEP__=1",
                      "-L/opt/lockstep/rt", "-Wl,-rpath,/opt/lockstep/rt",
                      "-Wl,--push-state,--no-as-needed", "-llockstep_rt", "-Wl,--pop-state"}));

  ASSERT_EQ(runProcess({kCcWrapper, "-E", "x.c"}, Env).exitCode, 0);
  EXPECT_FALSE(contains(readLines(Dir.file("args")), "-llockstep_rt"));
}

TEST(Wrappers, MissingDriverIsOneClearErrorWithExitCode2) {
  ProcessResult Result = runProcess({kCcWrapper, "-c", "x.c"},
                                    {{"LOCKSTEP_CLANG", "/nonexistent/lockstep-no-such-clang"}});
  EXPECT_EQ(Result.exitCode, 2);
  EXPECT_NE(Result.errors.find("lockstep-cc: cannot run '/nonexistent/lockstep-no-such-clang'"),
            std::string::npos)
      << Result.errors;
  EXPECT_NE(Result.errors.find("LOCKSTEP_CLANG"), std::string::npos) << Result.errors;
}

} // namespace
} // namespace lockstep::runtime::test
