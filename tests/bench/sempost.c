/* Benchmark program: the smallest interesting two-process program. The parent forks; the child
 * posts a process-shared semaphore K times (argv[1], default 1) and exits; the parent waits K
 * times and reaps the child. Larger K gives more interleavings for lockstep to explore. */
#include <semaphore.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const long posts = argc > 1 ? atol(argv[1]) : 1;
  sem_t *sem = mmap(NULL, sizeof(sem_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (sem == MAP_FAILED)
    return 2;
  sem_init(sem, 1, 0);
  const pid_t child = fork();
  if (child < 0)
    return 2;
  if (child == 0) {
    for (long i = 0; i < posts; ++i)
      sem_post(sem);
    _exit(0);
  }
  for (long i = 0; i < posts; ++i)
    sem_wait(sem);
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
