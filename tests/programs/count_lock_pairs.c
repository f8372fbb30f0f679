// Two processes each do K lock/unlock pairs of one process-shared mutex. Each critical section
// appends its process's letter ('P' parent, 'C' child) to an order log in the shared mapping;
// after reaping the child the parent appends the log as one line to the file argv[1].
// Prints nothing. Usage: count_lock_pairs FILE K
// expect: exit 0, complete; distinct orders C(2K,K); dfs executions 4, 14, 50 for K = 1, 2, 3
// (derivation in tests/integration/CountingTest.cpp)
#include "shared.h"

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t lock;
  int length;
  char order[64];
};

static void work(struct state *s, int k, char who) {
  for (int i = 0; i < k; ++i) {
    pthread_mutex_lock(&s->lock);
    s->order[s->length++] = who;
    pthread_mutex_unlock(&s->lock);
  }
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  const int k = atoi(argv[2]);
  if (k < 1 || k > 30)
    return 2;
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
  pid_t child = fork();
  if (child == 0) {
    work(s, k, 'C');
    _exit(0);
  }
  work(s, k, 'P');
  waitpid(child, NULL, 0);
  FILE *out = fopen(argv[1], "a");
  if (out == NULL)
    return 4;
  fprintf(out, "%.*s\n", s->length, s->order);
  fclose(out);
  return 0;
}
