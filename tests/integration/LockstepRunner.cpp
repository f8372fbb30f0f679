// Helpers of the integration tests (see LockstepRunner.h).
#include "LockstepRunner.h"

#include <algorithm>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace lockstep::integration {

namespace fs = std::filesystem;

StartedCommand startCommand(const std::vector<std::string> &argv, const fs::path &dir) {
  static int counter = 0;
  StartedCommand started;
  const std::string tag = std::to_string(counter++);
  started.outFile = dir / ("stdout-" + tag + ".txt");
  started.errFile = dir / ("stderr-" + tag + ".txt");
  std::vector<char *> args;
  for (const std::string &a : argv)
    args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  started.pid = fork();
  if (started.pid == 0) {
    const int out = open(started.outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(started.errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int in = open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || in < 0 || chdir(dir.c_str()) != 0)
      _exit(126);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  return started;
}

CommandResult StartedCommand::finish() const {
  CommandResult result;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = readFile(outFile);
  result.err = readFile(errFile);
  return result;
}

CommandResult runCommand(const std::vector<std::string> &argv, const fs::path &dir) {
  return startCommand(argv, dir).finish();
}

std::string readFile(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> readLines(const fs::path &path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

nlohmann::json readJson(const fs::path &path) {
  const std::string text = readFile(path);
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(doc.is_discarded()) << path << " is not JSON: " << text;
  return doc;
}

std::string programPath(const std::string &name) {
  return std::string(LOCKSTEP_PROGRAMS_DIR) + "/" + name;
}

void LockstepTest::SetUp() {
  std::string pattern = (fs::temp_directory_path() / "lockstep-it-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  dir_ = pattern;
}

void LockstepTest::TearDown() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::vector<std::string> LockstepTest::runArguments(const std::vector<std::string> &options,
                                                    const std::vector<std::string> &command) const {
  std::vector<std::string> argv = {LOCKSTEP_BINARY,  "run",       "--strategy",           "dfs",
                                   "--no-progress",  "--summary", summaryPath().string(), "--out",
                                   outDir().string()};
  // A --strategy among the options replaces the default dfs (the CLI takes one strategy).
  const auto strategy = std::find(options.begin(), options.end(), "--strategy");
  if (strategy != options.end() && strategy + 1 != options.end()) {
    argv[3] = *(strategy + 1);
    argv.insert(argv.end(), options.begin(), strategy);
    argv.insert(argv.end(), strategy + 2, options.end());
  } else {
    argv.insert(argv.end(), options.begin(), options.end());
  }
  argv.push_back("--");
  argv.insert(argv.end(), command.begin(), command.end());
  return argv;
}

CommandResult LockstepTest::run(const std::vector<std::string> &options,
                                const std::vector<std::string> &command) const {
  return runCommand(runArguments(options, command), dir_);
}

CommandResult LockstepTest::replay(const fs::path &schedule) const {
  return runCommand({LOCKSTEP_BINARY, "replay", schedule.string()}, dir_);
}

// Gone, or a zombie: a process whose parent died is reparented to PID 1, which in some sandboxes
// never reaps, so a dead process may linger as a zombie.
bool processGone(pid_t pid) {
  if (kill(pid, 0) != 0 && errno == ESRCH)
    return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const size_t close = text.rfind(')');
  return close != std::string::npos && close + 2 < text.size() && text[close + 2] == 'Z';
}

} // namespace lockstep::integration
