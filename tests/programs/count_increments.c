// N processes (the parent and N-1 children it forks) each do one locked increment of a counter
// in the shared mapping and append their index ('0' parent, '1'.. children in fork order) to an
// order log. The parent reaps its children with wait() and appends the log as one line to the
// file argv[1]. Prints nothing. Usage: count_increments FILE N
// expect: exit 0, complete; distinct orders N!; dfs executions 4, 58, 1514 for N = 2, 3, 4
// (derivation in tests/integration/CountingTest.cpp)
#include "shared.h"

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

struct state {
  pthread_mutex_t lock;
  int counter;
  char order[16];
};

static void increment(struct state *s, int index) {
  pthread_mutex_lock(&s->lock);
  s->order[s->counter++] = (char)('0' + index);
  pthread_mutex_unlock(&s->lock);
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 2;
  const int n = atoi(argv[2]);
  if (n < 1 || n > 9)
    return 2;
  struct state *s = shared_alloc(sizeof *s);
  mutex_setup(&s->lock, 1);
  for (int i = 1; i < n; ++i) {
    if (fork() == 0) {
      increment(s, i);
      _exit(0);
    }
  }
  increment(s, 0);
  for (int i = 1; i < n; ++i)
    wait(NULL);
  FILE *out = fopen(argv[1], "a");
  if (out == NULL)
    return 4;
  fprintf(out, "%.*s\n", s->counter, s->order);
  fclose(out);
  return 0;
}
