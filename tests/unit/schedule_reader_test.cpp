// Schedule files (checker/report/schedule.*): a schedule written by toJson reads back the same
// through readSchedule, and every malformed file gives a UsageError with one clear sentence
// naming the file and what is wrong.
#include "report/schedule.h"

#include "engine/errors.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

namespace lockstep::checker {
namespace {

using nlohmann::json;

class ScheduleReaderTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "lockstep-unit-XXXXXX");
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string &text) {
    const std::string path = dir_ / ("schedule-" + std::to_string(files_++) + ".json");
    std::ofstream(path) << text;
    return path;
  }

  // A valid schedule document: two steps of two agents.
  static json valid() {
    return json::parse(R"({
      "format": "lockstep-schedule",
      "version": 1,
      "program": "/bin/prog",
      "arguments": ["-n", "3"],
      "binary_sha256": "abc123",
      "strategy": {"name": "dfs", "parameters": {}},
      "options": {"max_steps": 100, "step_timeout_ms": 5000, "allow_exit_codes": [3]},
      "steps": [
        {"agent": "P0", "agent_id": 0, "op": "mutex_lock", "object": "mutex#0"},
        {"agent": "P1", "agent_id": 1, "op": "sem_timedwait", "object": "semaphore#1",
         "variant": 1}
      ],
      "bug": {"kind": "deadlock", "message": "no agent can make progress", "step": 2}
    })");
  }

  // Expects readSchedule(file with text) to throw a UsageError whose message is
  // "'<path>' is not a valid Lockstep schedule: <what>" (or contains `what` when partial).
  void expectMalformed(const std::string &text, const std::string &what, bool exact = true) {
    const std::string path = write(text);
    try {
      readSchedule(path);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const UsageError &e) {
      const std::string prefix = "'" + path + "' is not a valid Lockstep schedule: ";
      const std::string message = e.what();
      if (exact) {
        EXPECT_EQ(message, prefix + what);
      } else {
        EXPECT_EQ(message.rfind(prefix, 0), 0U) << message;
        EXPECT_NE(message.find(what), std::string::npos) << message;
      }
    } catch (const std::exception &e) {
      ADD_FAILURE() << "not a UsageError: " << e.what();
    }
  }
  void expectMalformed(const json &doc, const std::string &what) {
    expectMalformed(doc.dump(), what);
  }

  std::filesystem::path dir_;
  int files_ = 0;
};

TEST_F(ScheduleReaderTest, ToJsonRoundTripsThroughReadSchedule) {
  Schedule s;
  s.program = "/work/prog";
  s.arguments = {"a", "b c"};
  s.binarySha256 = std::string(64, 'f');
  s.strategy = "dfs";
  s.options.maxSteps = 500;
  s.options.stepTimeout = std::chrono::milliseconds(1234);
  s.options.exits.allowed = {2, 7};
  s.steps = {ScheduleStep{0, "P0", "process_fork", "", 0},
             ScheduleStep{1, "P1", "sem_timedwait", "semaphore#0", 1},
             ScheduleStep{0, "P0", "process_wait", "", 0}};
  s.bug.kind = "misuse";
  s.bug.message = "P1 unlocks mutex#0, which it does not hold (held by nobody)";
  s.bug.step = 3;
  s.bug.details = {"a detail"};

  Execution e; // no steps: no call sites to describe
  Symbolizer symbols;
  const json doc = toJson(s, e, symbols);
  EXPECT_EQ(doc["format"], "lockstep-schedule");
  EXPECT_EQ(doc["version"], kScheduleVersion);
  EXPECT_FALSE(doc["steps"][0].contains("object")) << "empty object is left out";
  EXPECT_FALSE(doc["steps"][0].contains("variant")) << "variant 0 is left out";
  EXPECT_EQ(doc["steps"][1]["variant"], 1);

  const Schedule r = readSchedule(write(doc.dump(2)));
  EXPECT_EQ(r.program, s.program);
  EXPECT_EQ(r.arguments, s.arguments);
  EXPECT_EQ(r.binarySha256, s.binarySha256);
  EXPECT_EQ(r.strategy, "dfs");
  EXPECT_EQ(r.options.maxSteps, 500U);
  EXPECT_EQ(r.options.stepTimeout, std::chrono::milliseconds(1234));
  EXPECT_EQ(r.options.exits.allowed, (std::vector<int>{2, 7}));
  ASSERT_EQ(r.steps.size(), 3U);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r.steps[i].agentId, s.steps[i].agentId) << i;
    EXPECT_EQ(r.steps[i].agent, s.steps[i].agent) << i;
    EXPECT_EQ(r.steps[i].op, s.steps[i].op) << i;
    EXPECT_EQ(r.steps[i].object, s.steps[i].object) << i;
    EXPECT_EQ(r.steps[i].variant, s.steps[i].variant) << i;
  }
  EXPECT_EQ(r.bug.kind, s.bug.kind);
  EXPECT_EQ(r.bug.message, s.bug.message);
  EXPECT_EQ(r.bug.step, 3U);

  // Written again, it is the same document.
  EXPECT_EQ(toJson(r, e, symbols)["steps"], doc["steps"]);
}

TEST_F(ScheduleReaderTest, ValidHandWrittenScheduleIsRead) {
  const Schedule r = readSchedule(write(valid().dump()));
  ASSERT_EQ(r.steps.size(), 2U);
  EXPECT_EQ(r.steps[1].agentId, 1);
  EXPECT_EQ(r.steps[1].op, "sem_timedwait");
  EXPECT_EQ(r.steps[1].variant, 1);
  EXPECT_EQ(r.arguments, (std::vector<std::string>{"-n", "3"}));
  EXPECT_EQ(r.bug.step, 2U);
}

TEST_F(ScheduleReaderTest, MissingFileIsAUsageError) {
  const std::string path = (dir_ / "absent.json").string();
  try {
    readSchedule(path);
    ADD_FAILURE() << "accepted a missing file";
  } catch (const UsageError &e) {
    EXPECT_EQ(std::string(e.what()), "cannot open schedule '" + path + "'");
  }
}

TEST_F(ScheduleReaderTest, NotJson) {
  expectMalformed("{ \"format\": ", "invalid JSON (", /*exact=*/false);
  expectMalformed("", "invalid JSON (", false);
  expectMalformed("steps: []", "invalid JSON (", false);
}

TEST_F(ScheduleReaderTest, WrongFormat) {
  const std::string what = "it has no \"format\": \"lockstep-schedule\"";
  json doc = valid();
  doc["format"] = "lockstep-trace";
  expectMalformed(doc, what);
  doc["format"] = 1;
  expectMalformed(doc, what);
  doc.erase("format");
  expectMalformed(doc, what);
  expectMalformed(json::array({valid()}), what);
  expectMalformed(std::string("\"lockstep-schedule\""), what);
}

TEST_F(ScheduleReaderTest, WrongVersion) {
  json doc = valid();
  doc["version"] = 2;
  expectMalformed(doc, "format version 2 is not the supported 1");
  doc["version"] = 0;
  expectMalformed(doc, "format version 0 is not the supported 1");
  doc["version"] = "1";
  expectMalformed(doc, "the file has a \"version\" of the wrong type");
  doc.erase("version");
  expectMalformed(doc, "the file has no \"version\"");
}

TEST_F(ScheduleReaderTest, MissingFields) {
  for (const char *name :
       {"program", "arguments", "binary_sha256", "strategy", "options", "steps", "bug"}) {
    json doc = valid();
    doc.erase(name);
    expectMalformed(doc, std::string("the file has no \"") + name + "\"");
  }
  {
    json doc = valid();
    doc["strategy"].erase("name");
    expectMalformed(doc, "\"strategy\" has no \"name\"");
  }
  for (const char *name : {"max_steps", "step_timeout_ms", "allow_exit_codes"}) {
    json doc = valid();
    doc["options"].erase(name);
    expectMalformed(doc, std::string("\"options\" has no \"") + name + "\"");
  }
  for (const char *name : {"agent_id", "agent", "op"}) {
    json doc = valid();
    doc["steps"][1].erase(name);
    expectMalformed(doc, std::string("step 2 has no \"") + name + "\"");
  }
  for (const char *name : {"kind", "message", "step"}) {
    json doc = valid();
    doc["bug"].erase(name);
    expectMalformed(doc, std::string("\"bug\" has no \"") + name + "\"");
  }
}

TEST_F(ScheduleReaderTest, WrongTypes) {
  auto with = [](const std::function<void(json &)> &edit) {
    json doc = valid();
    edit(doc);
    return doc;
  };
  expectMalformed(with([](json &d) { d["program"] = 7; }),
                  "the file has a \"program\" of the wrong type");
  expectMalformed(with([](json &d) { d["arguments"] = "-n 3"; }),
                  "the file has a \"arguments\" of the wrong type");
  expectMalformed(with([](json &d) {
                    d["arguments"] = json::array({1, 2});
                  }),
                  "the file has a \"arguments\" of the wrong type");
  expectMalformed(with([](json &d) { d["strategy"] = "dfs"; }), "\"strategy\" has no \"name\"");
  expectMalformed(with([](json &d) { d["strategy"]["name"] = json::array(); }),
                  "\"strategy\" has a \"name\" of the wrong type");
  expectMalformed(with([](json &d) { d["options"]["max_steps"] = "100"; }),
                  "\"options\" has a \"max_steps\" of the wrong type");
  expectMalformed(with([](json &d) { d["options"]["allow_exit_codes"] = 3; }),
                  "\"options\" has a \"allow_exit_codes\" of the wrong type");
  expectMalformed(with([](json &d) { d["steps"] = json::object(); }), "\"steps\" is not a list");
  expectMalformed(with([](json &d) { d["steps"] = "none"; }), "\"steps\" is not a list");
  expectMalformed(with([](json &d) { d["steps"][0]["agent_id"] = "0"; }),
                  "step 1 has a \"agent_id\" of the wrong type");
  expectMalformed(with([](json &d) { d["steps"][0]["op"] = 11; }),
                  "step 1 has a \"op\" of the wrong type");
  expectMalformed(with([](json &d) { d["steps"][0]["object"] = 0; }),
                  "step 1 has a \"object\" of the wrong type");
  expectMalformed(with([](json &d) { d["steps"][1]["variant"] = "1"; }),
                  "step 2 has a \"variant\" of the wrong type");
  expectMalformed(with([](json &d) { d["bug"]["step"] = "2"; }),
                  "\"bug\" has a \"step\" of the wrong type");
  expectMalformed(with([](json &d) { d["bug"] = "deadlock"; }), "\"bug\" has no \"kind\"");
}

TEST_F(ScheduleReaderTest, OutOfRangeOptions) {
  json doc = valid();
  doc["options"]["max_steps"] = 0;
  expectMalformed(doc, "\"options\" has a max_steps out of range");
  doc = valid();
  doc["options"]["step_timeout_ms"] = -5;
  expectMalformed(doc, "\"options\" has a step_timeout_ms out of range");
}

TEST_F(ScheduleReaderTest, UnknownOperationName) {
  json doc = valid();
  doc["steps"][1]["op"] = "mutex_frobnicate";
  expectMalformed(doc, "step 2 names an unknown operation \"mutex_frobnicate\"");
  doc["steps"][1]["op"] = "pthread_mutex_lock";
  expectMalformed(doc, "step 2 names an unknown operation \"pthread_mutex_lock\"");
}

TEST_F(ScheduleReaderTest, AgentIdOutOfRange) {
  for (int id : {-1, protocol::kMaxAgents, 1000}) {
    json doc = valid();
    doc["steps"][0]["agent_id"] = id;
    expectMalformed(doc, "step 1 has an agent_id out of range");
  }
  json doc = valid();
  doc["steps"][0]["agent_id"] = protocol::kMaxAgents - 1;
  EXPECT_EQ(readSchedule(write(doc.dump())).steps[0].agentId, protocol::kMaxAgents - 1);
}

TEST_F(ScheduleReaderTest, VariantOutOfRange) {
  for (int variant : {-1, protocol::kMaxVariants, 255}) {
    json doc = valid();
    doc["steps"][1]["variant"] = variant;
    expectMalformed(doc, "step 2 has a variant out of range");
  }
  json doc = valid();
  doc["steps"][1]["variant"] = protocol::kMaxVariants - 1;
  EXPECT_EQ(readSchedule(write(doc.dump())).steps[1].variant, protocol::kMaxVariants - 1);
}

TEST_F(ScheduleReaderTest, MoreStepsThanMaxSteps) {
  json doc = valid();
  doc["options"]["max_steps"] = 1;
  expectMalformed(doc, "it has more steps than its max_steps");
  doc["options"]["max_steps"] = 2;
  EXPECT_EQ(readSchedule(write(doc.dump())).steps.size(), 2U);
}

TEST_F(ScheduleReaderTest, NonObjectSteps) {
  for (const json &step :
       {json(1), json("P0 mutex_lock"), json::array({0, "mutex_lock"}), json(nullptr)}) {
    json doc = valid();
    doc["steps"][1] = step;
    expectMalformed(doc, "step 2 has no \"agent_id\"");
  }
}

// A hand-edited number of the wrong kind must not be read as some other agent, variant or step.
// nlohmann's get<int>() converts floats, booleans and out-of-range integers silently.
TEST_F(ScheduleReaderTest, NumbersOfTheWrongKindAreRejected) {
  auto expectRejected = [&](const char *what, const std::function<void(json &)> &edit) {
    json doc = valid();
    edit(doc);
    const std::string path = write(doc.dump());
    EXPECT_THROW(readSchedule(path), UsageError) << what;
  };
  expectRejected("agent_id 1.5", [](json &d) { d["steps"][0]["agent_id"] = 1.5; });
  expectRejected("agent_id true", [](json &d) { d["steps"][0]["agent_id"] = true; });
  expectRejected("agent_id 2^32", [](json &d) { d["steps"][0]["agent_id"] = 4294967296LL; });
  expectRejected("variant 0.5", [](json &d) { d["steps"][1]["variant"] = 0.5; });
  expectRejected("version 1.9", [](json &d) { d["version"] = 1.9; });
  expectRejected("bug.step -1", [](json &d) { d["bug"]["step"] = -1; });
}

} // namespace
} // namespace lockstep::checker
