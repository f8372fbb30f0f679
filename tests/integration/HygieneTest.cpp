// What a run leaves behind: named semaphores created by the program are removed (a pre-existing
// one is left alone), and no process of the program survives, also when lockstep is interrupted.
#include "LockstepRunner.h"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <semaphore.h>
#include <thread>
#include <unistd.h>

namespace lockstep::integration {
namespace {

namespace fs = std::filesystem;

std::string uniqueSemaphoreName(const char *what) {
  return "/lockstep-it-" + std::to_string(getpid()) + "-" + what;
}

bool semaphoreExists(const std::string &name) {
  return fs::exists("/dev/shm/sem." + name.substr(1));
}

// Every pid the program wrote to `file` (one per line) is gone.
void expectAllGone(const fs::path &file) {
  const std::vector<std::string> pids = readLines(file);
  EXPECT_FALSE(pids.empty()) << "the program recorded no pid";
  for (const std::string &pid : pids)
    EXPECT_TRUE(processGone(std::stoi(pid))) << "process " << pid << " survived";
}

class HygieneTest : public LockstepTest {
protected:
  // The first execution of hang_spin_flag ends; the second spins in P1, where it never reaches the
  // runtime. Lockstep gets `signal` while P1 spins (the step timeout is far away).
  //
  //   lockstep ──fork──> P0 ──fork──> P1 (spinning)        lockstep gets SIGINT or SIGKILL
  //   SIGINT:  lockstep kills the process group itself and exits 130
  //   SIGKILL: the watchdog sees lockstep gone and kills the process group
  CommandResult interruptSecondExecution(const fs::path &pids, int signal) {
    const StartedCommand lockstep = startCommand(
        runArguments({"--step-timeout", "60"}, {programPath("hang_spin_flag"), pids.string()}),
        dir_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (readLines(pids).size() < 4 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_GE(readLines(pids).size(), 4U) << "the second execution did not start";
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    kill(lockstep.pid, signal);
    return lockstep.finish();
  }
};

TEST_F(HygieneTest, NamedSemaphoreCreatedByTheProgramIsRemoved) {
  const std::string name = uniqueSemaphoreName("created");
  sem_unlink(name.c_str());
  const fs::path pids = dir_ / "pids.txt";
  const CommandResult result = run({}, {programPath("named_sem_create"), name, pids.string()});
  const bool leaked = semaphoreExists(name);
  sem_unlink(name.c_str());
  ASSERT_EQ(result.code, 0) << result.out << result.err;
  EXPECT_EQ(summary()["complete"], true);
  EXPECT_FALSE(leaked) << "the program's semaphore was left in /dev/shm";
  expectAllGone(pids);
}

TEST_F(HygieneTest, PreExistingNamedSemaphoreIsLeftAlone) {
  const std::string name = uniqueSemaphoreName("existing");
  sem_t *sem = sem_open(name.c_str(), O_CREAT, 0600, 0);
  ASSERT_NE(sem, SEM_FAILED);
  const CommandResult result = run({}, {programPath("named_sem_create"), name});
  const bool survived = semaphoreExists(name);
  sem_close(sem);
  sem_unlink(name.c_str());
  EXPECT_EQ(result.code, 0) << result.out << result.err;
  EXPECT_TRUE(survived) << "lockstep removed a semaphore it did not create";
}

TEST_F(HygieneTest, NoProcessSurvivesAHang) {
  const fs::path pids = dir_ / "pids.txt";
  const CommandResult result =
      run({"--step-timeout", "1"}, {programPath("hang_spin_flag"), pids.string()});
  ASSERT_EQ(result.code, 1) << result.out << result.err;
  EXPECT_EQ(summary()["bugs"][0]["kind"], "hang");
  expectAllGone(pids);
}

TEST_F(HygieneTest, NoProcessSurvivesSigint) {
  const fs::path pids = dir_ / "pids.txt";
  const CommandResult result = interruptSecondExecution(pids, SIGINT);
  EXPECT_EQ(result.code, 130) << result.out << result.err;
  EXPECT_NE(result.err.find("interrupted"), std::string::npos) << result.err;
  expectAllGone(pids);
}

TEST_F(HygieneTest, NoProcessSurvivesSigkillOfLockstep) {
  const fs::path pids = dir_ / "pids.txt";
  interruptSecondExecution(pids, SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(500)); // the watchdog's turn
  expectAllGone(pids);
}

} // namespace
} // namespace lockstep::integration
