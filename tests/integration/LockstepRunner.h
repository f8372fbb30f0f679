// Helpers of the integration tests: run the real lockstep binary (or any command) in a fresh
// temporary directory per test, capture its exit code and output, and read what it wrote.
#ifndef LOCKSTEP_TESTS_INTEGRATION_LOCKSTEPRUNNER_H
#define LOCKSTEP_TESTS_INTEGRATION_LOCKSTEPRUNNER_H

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace lockstep::integration {

// The exit code (128 + signal when killed) and the captured output of one command.
struct CommandResult {
  int code = -1;
  std::string out;
  std::string err;
};

// A command started in the background; finish() waits for it and collects its output.
struct StartedCommand {
  pid_t pid = -1;
  std::filesystem::path outFile;
  std::filesystem::path errFile;
  CommandResult finish() const;
};

// Starts argv with stdout and stderr redirected to files in `dir`.
StartedCommand startCommand(const std::vector<std::string> &argv, const std::filesystem::path &dir);
CommandResult runCommand(const std::vector<std::string> &argv, const std::filesystem::path &dir);

std::string readFile(const std::filesystem::path &path);
std::vector<std::string> readLines(const std::filesystem::path &path);
nlohmann::json readJson(const std::filesystem::path &path);

// The path of a program built from tests/programs.
std::string programPath(const std::string &name);

// A fixture that owns a fresh temporary directory (removed afterwards) and runs lockstep in it.
class LockstepTest : public ::testing::Test {
protected:
  void SetUp() override;
  void TearDown() override;

  // `lockstep run --strategy dfs --no-progress --summary S --out O OPTIONS -- COMMAND` (a
  // `--strategy X` among the OPTIONS replaces dfs).
  CommandResult run(const std::vector<std::string> &options,
                    const std::vector<std::string> &command) const;
  CommandResult replay(const std::filesystem::path &schedule) const;
  std::vector<std::string> runArguments(const std::vector<std::string> &options,
                                        const std::vector<std::string> &command) const;
  nlohmann::json summary() const { return readJson(summaryPath()); }
  std::filesystem::path summaryPath() const { return dir_ / "summary.json"; }
  std::filesystem::path outDir() const { return dir_ / "out"; }
  std::filesystem::path firstSchedule() const { return outDir() / "bug-1.json"; }

  std::filesystem::path dir_;
};

// True when no process with this pid exists any more.
bool processGone(pid_t pid);

} // namespace lockstep::integration

#endif
