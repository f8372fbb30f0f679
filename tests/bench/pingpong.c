/* Benchmark program: parent and child hand a token back and forth M times (argv[1]) through two
 * process-shared semaphores in MAP_SHARED memory. Under lockstep every round trip is four
 * visible steps (post, wait, post, wait), so the time difference between M=1 and a large M
 * divided by the step difference is lockstep's cost per visible step. */
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const long rounds = argc > 1 ? atol(argv[1]) : 1;
  sem_t *sems =
      mmap(NULL, 2 * sizeof(sem_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (sems == MAP_FAILED)
    return 2;
  sem_t *ping = &sems[0];
  sem_t *pong = &sems[1];
  sem_init(ping, 1, 0);
  sem_init(pong, 1, 0);
  const pid_t child = fork();
  if (child < 0)
    return 2;
  if (child == 0) {
    for (long i = 0; i < rounds; ++i) {
      sem_wait(ping);
      sem_post(pong);
    }
    _exit(0);
  }
  for (long i = 0; i < rounds; ++i) {
    sem_post(ping);
    sem_wait(pong);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
