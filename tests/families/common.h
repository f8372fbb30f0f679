/* Shared helpers of the benchmark families: a MAP_SHARED region with process-shared mutexes and
 * semaphores, and fork/wait of N workers. */
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void *shared_region(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    exit(2);
  return p;
}

static void shared_mutex(pthread_mutex_t *m) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(m, &attr);
  pthread_mutexattr_destroy(&attr);
}

/* Forks n workers running work(i), then waits for them in fork order. */
static void run_workers(int n, void (*work)(int)) {
  pid_t pids[64];
  for (int i = 0; i < n; ++i) {
    pids[i] = fork();
    if (pids[i] == 0) {
      work(i);
      _exit(0);
    }
  }
  for (int i = 0; i < n; ++i)
    waitpid(pids[i], NULL, 0);
}
