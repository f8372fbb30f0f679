// Race focus locations in schedule files (docs/schedule-format.md): a private location carries
// its kind ("module", "address"), a shared one none (older schedules stay valid), and an unknown
// kind is a malformed schedule.
#include "report/schedule.h"

#include "engine/errors.h"
#include "engine/race_focus.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace lockstep::checker {
namespace {

using nlohmann::json;

class RaceFocusScheduleTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "lockstep-unit-XXXXXX");
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A valid schedule with the given race_focus list.
  Schedule read(const json &focus) {
    json doc = json::parse(R"({
      "format": "lockstep-schedule", "version": 1, "program": "/bin/prog", "arguments": [],
      "binary_sha256": "abc", "strategy": {"name": "dfs", "parameters": {}},
      "options": {"max_steps": 100, "step_timeout_ms": 5000, "allow_exit_codes": []},
      "steps": [{"agent": "P0", "agent_id": 0, "op": "thread_yield"}],
      "bug": {"kind": "assertion", "message": "m", "step": 1}
    })");
    doc["options"]["race_focus"] = focus;
    const std::string path = dir_ / "schedule.json";
    std::ofstream(path) << doc.dump();
    return readSchedule(path);
  }

  std::filesystem::path dir_;
};

TEST_F(RaceFocusScheduleTest, KindsReadBack) {
  const Schedule s = read(json::parse(R"([
    {"mapping": "anonymous shared mapping", "offset": 8},
    {"mapping": "/build/prog", "offset": 16400, "kind": "module"},
    {"mapping": "", "offset": 93824992252576, "kind": "address"}
  ])"));
  ASSERT_EQ(s.options.focus.size(), 3U);
  EXPECT_EQ(s.options.focus[0].kind, protocol::FocusKind::Shared);
  EXPECT_EQ(s.options.focus[1].kind, protocol::FocusKind::Module);
  EXPECT_EQ(s.options.focus[1].mapping, "/build/prog");
  EXPECT_EQ(s.options.focus[1].offset, 16400U);
  EXPECT_EQ(s.options.focus[2].kind, protocol::FocusKind::Address);
  EXPECT_EQ(describeFocus(s.options.focus),
            "anonymous shared mapping+0x8, private memory in prog+0x4010, private memory at "
            "0x5555555592a0");
}

TEST_F(RaceFocusScheduleTest, UnknownKindIsMalformed) {
  EXPECT_THROW(read(json::parse(R"([{"mapping": "m", "offset": 0, "kind": "stack"}])")),
               UsageError);
  EXPECT_THROW(read(json::parse(R"([{"mapping": "m", "offset": 0, "kind": 1}])")), UsageError);
}

TEST(RaceFocusKindNames, RoundTrip) {
  for (const protocol::FocusKind kind :
       {protocol::FocusKind::Shared, protocol::FocusKind::Module, protocol::FocusKind::Address})
    EXPECT_EQ(focusKindNamed(focusKindName(kind)), kind);
  EXPECT_FALSE(focusKindNamed("heap").has_value());
}

} // namespace
} // namespace lockstep::checker
