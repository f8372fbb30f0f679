// Fixed twin of worker_missing_post.c: every worker posts "done" exactly once, whether or not
// it got a job.
// Lockstep finds: nothing (search complete).
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 2
#define JOBS 2

struct shared {
  pthread_mutex_t lock;
  sem_t done;
  int next_job;
  int results[JOBS];
};

static int take_job(struct shared *s) {
  pthread_mutex_lock(&s->lock);
  int job = s->next_job < JOBS ? s->next_job++ : -1;
  pthread_mutex_unlock(&s->lock);
  return job;
}

static void worker(struct shared *s) {
  int processed = 0;
  for (int job; (job = take_job(s)) >= 0; ++processed)
    s->results[job] = job * job;
  (void)processed;
  sem_post(&s->done); // every worker reports, whether it got a job or not
}

int main(void) {
  struct shared *s =
      mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (s == MAP_FAILED)
    return 1;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(&s->lock, &attr);
  sem_init(&s->done, 1, 0);

  pid_t children[WORKERS];
  for (int i = 0; i < WORKERS; ++i) {
    children[i] = fork();
    if (children[i] == 0) {
      worker(s);
      _exit(0);
    }
  }
  for (int i = 0; i < WORKERS; ++i)
    sem_wait(&s->done);
  for (int i = 0; i < WORKERS; ++i)
    waitpid(children[i], NULL, 0);
  printf("results: %d %d\n", s->results[0], s->results[1]);
  return 0;
}
