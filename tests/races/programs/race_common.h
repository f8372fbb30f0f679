/* Helpers of the race test programs: a zeroed MAP_SHARED anonymous region, forking workers and
 * reaping them. Built with lockstep-cc, like the programs. */
#ifndef LOCKSTEP_TESTS_RACES_RACE_COMMON_H
#define LOCKSTEP_TESTS_RACES_RACE_COMMON_H

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void *sharedRegion(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    perror("mmap");
    exit(2);
  }
  return p;
}

/* Forks `count` children that each run work(index) and exit 0. */
static void forkWorkers(int count, void (*work)(int)) {
  for (int i = 0; i < count; ++i) {
    const pid_t pid = fork();
    if (pid < 0) {
      perror("fork");
      exit(2);
    }
    if (pid == 0) {
      work(i);
      _exit(0);
    }
  }
}

static void reapAll(int count) {
  for (int i = 0; i < count; ++i) {
    int status = 0;
    if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
      exit(3);
  }
}

#endif
