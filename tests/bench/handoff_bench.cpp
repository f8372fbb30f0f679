// lockstep_bench_handoff: the baselines lockstep's own costs are compared against.
//
//   lockstep_bench_handoff futex HANDOFFS REPS
//       Raw cross-process handoff: two processes pinned to one CPU pass a turn back and forth
//       through two futex words in a MAP_SHARED mapping (no FUTEX_PRIVATE_FLAG), exactly as
//       runtime/src/turn.cpp does (store 1 with release, FUTEX_WAKE; the other side waits while
//       its word is 0). Prints the median and minimum ns per handoff over REPS repetitions.
//
//   lockstep_bench_handoff spawn N PROGRAM [ARGS...]
//       Plain fork + exec + waitpid of PROGRAM, N times, pinned to one CPU like lockstep pins
//       its executions. Prints executions per second.
//
// Both pin to the first CPU this process may run on (as lockstep's executor does).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <linux/futex.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

void pinToFirstAllowedCpu() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0)
    return;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) {
      CPU_ZERO(&set);
      CPU_SET(cpu, &set);
      sched_setaffinity(0, sizeof set, &set);
      return;
    }
  }
}

long futexWait(uint32_t *word, uint32_t expected) {
  return syscall(SYS_futex, word, FUTEX_WAIT, expected, nullptr, nullptr, 0);
}
long futexWake(uint32_t *word) {
  return syscall(SYS_futex, word, FUTEX_WAKE, INT32_MAX, nullptr, nullptr, 0);
}

void waitForTurn(uint32_t *word) {
  while (__atomic_load_n(word, __ATOMIC_ACQUIRE) == 0)
    futexWait(word, 0);
  __atomic_store_n(word, 0, __ATOMIC_RELAXED);
}

void handTo(uint32_t *word) {
  __atomic_store_n(word, 1, __ATOMIC_RELEASE);
  futexWake(word);
}

// One repetition: `handoffs` handoffs between this process and a forked child; ns per handoff.
double futexPingPong(long handoffs) {
  auto *words = static_cast<uint32_t *>(
      mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  if (words == MAP_FAILED) {
    perror("mmap");
    exit(2);
  }
  uint32_t *parentTurn = &words[0];
  uint32_t *childTurn = &words[16]; // separate cache lines
  const long rounds = handoffs / 2;
  const pid_t child = fork();
  if (child == 0) {
    for (long i = 0; i < rounds; ++i) {
      waitForTurn(childTurn);
      handTo(parentTurn);
    }
    _exit(0);
  }
  // Warm up: one round trip so the child is running and parked before timing.
  handTo(childTurn);
  waitForTurn(parentTurn);
  const auto start = Clock::now();
  for (long i = 1; i < rounds; ++i) {
    handTo(childTurn);
    waitForTurn(parentTurn);
  }
  const auto end = Clock::now();
  waitpid(child, nullptr, 0);
  munmap(words, 4096);
  const double ns = std::chrono::duration<double, std::nano>(end - start).count();
  return ns / static_cast<double>(2 * (rounds - 1));
}

int futexCommand(long handoffs, int reps) {
  pinToFirstAllowedCpu();
  std::vector<double> figures;
  for (int r = 0; r < reps; ++r)
    figures.push_back(futexPingPong(handoffs));
  std::sort(figures.begin(), figures.end());
  printf("futex_handoff_ns median %.1f min %.1f reps %d handoffs %ld\n",
         figures[figures.size() / 2], figures.front(), reps, handoffs);
  return 0;
}

int spawnCommand(long n, char **argv) {
  pinToFirstAllowedCpu();
  const auto start = Clock::now();
  for (long i = 0; i < n; ++i) {
    const pid_t child = fork();
    if (child == 0) {
      execv(argv[0], argv);
      _exit(127);
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "%s failed (status %d)\n", argv[0], status);
      return 1;
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  printf("plain_execs_per_s %.1f n %ld seconds %.4f\n", static_cast<double>(n) / seconds, n,
         seconds);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc >= 4 && strcmp(argv[1], "futex") == 0)
    return futexCommand(atol(argv[2]), std::max(1, atoi(argv[3])));
  if (argc >= 4 && strcmp(argv[1], "spawn") == 0)
    return spawnCommand(atol(argv[2]), argv + 3);
  fprintf(stderr, "usage: %s futex HANDOFFS REPS | spawn N PROGRAM [ARGS...]\n", argv[0]);
  return 2;
}
