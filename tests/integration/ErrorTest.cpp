// User mistakes give exit code 2 and one clear sentence: a missing or statically linked program,
// a malformed schedule, a JSON file of another format, and a schedule whose program changed.
#include "LockstepRunner.h"

#include <fstream>

namespace lockstep::integration {
namespace {

namespace fs = std::filesystem;

class ErrorTest : public LockstepTest {
protected:
  // `lockstep replay` of a file with `text` fails with exit 2 and mentions `mentions`.
  void expectReplayRefused(const std::string &text, const std::string &mentions) {
    const fs::path file = dir_ / "schedule.json";
    std::ofstream(file) << text;
    const CommandResult result = replay(file);
    EXPECT_EQ(result.code, 2) << result.out << result.err;
    EXPECT_NE(result.err.find(mentions), std::string::npos) << result.err;
  }
};

TEST_F(ErrorTest, MissingProgram) {
  const std::string missing = (dir_ / "no-such-program").string();
  const CommandResult result = run({}, {missing});
  EXPECT_EQ(result.code, 2);
  EXPECT_NE(result.err.find("'" + missing + "' does not exist"), std::string::npos) << result.err;
}

TEST_F(ErrorTest, StaticallyLinkedProgram) {
  const std::string program = programPath("static_hello");
  if (!fs::exists(program))
    GTEST_SKIP() << "no static C library: static_hello was not built";
  const CommandResult result = run({}, {program});
  EXPECT_EQ(result.code, 2);
  EXPECT_NE(result.err.find("statically linked"), std::string::npos) << result.err;
}

TEST_F(ErrorTest, MalformedSchedule) {
  expectReplayRefused("{\"format\": \"lockstep-schedule\", \"version\": ",
                      "is not a valid Lockstep schedule");
}

TEST_F(ErrorTest, JsonOfAnotherFormat) {
  expectReplayRefused(R"({"executions": 3, "complete": true, "bugs": []})",
                      "has no \"format\": \"lockstep-schedule\"");
}

// Record a schedule of a copied binary, replace the binary by another program, replay.
TEST_F(ErrorTest, ScheduleOfAChangedProgram) {
  const fs::path program = dir_ / "program";
  fs::copy_file(programPath("assertion_lost_update"), program);
  ASSERT_EQ(run({}, {program.string()}).code, 1);
  fs::remove(program);
  fs::copy_file(programPath("deadlock_missing_post"), program);
  const CommandResult result = replay(firstSchedule());
  EXPECT_EQ(result.code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("changed since the schedule was recorded"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("diverged from the schedule"), std::string::npos) << result.err;
}

} // namespace
} // namespace lockstep::integration
