// Helpers shared by the message-queue test programs: a shared mapping, process reaping, and a
// queue name unique to the run (tests run in parallel). Header-only: one executable per program.
#ifndef LOCKSTEP_TESTS_MQ_MQ_H
#define LOCKSTEP_TESTS_MQ_MQ_H

#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static inline void *shared_alloc(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    exit(99);
  return p;
}

// Creates (exclusively) a queue of `maxmsg` messages of `msgsize` bytes named after `tag` and
// the pid; the name is written to `name`.
static inline mqd_t create_queue(char *name, size_t size, const char *tag, long maxmsg,
                                 long msgsize, int flags) {
  snprintf(name, size, "/lockstep-%s-%d", tag, (int)getpid());
  struct mq_attr attr = {0};
  attr.mq_maxmsg = maxmsg;
  attr.mq_msgsize = msgsize;
  mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR | flags, 0600, &attr);
  if (q == (mqd_t)-1)
    exit(98);
  return q;
}

// Waits for every child; exits 1 when one did not exit with status 0.
static inline void reap_children(int n) {
  for (int i = 0; i < n; ++i) {
    int status = 0;
    if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
      exit(1);
  }
}

#endif
