// Two philosophers, one fork each side, take their left then right fork; the philosopher named by
// argv[1] asserts that the other one ate first. So the program has three maximal behaviours:
// P0 eats first, P1 eats first, or both hold their left fork (deadlock), and one assertion
// failure besides the deadlock, whichever philosopher is the victim.
// expect (dfs, --keep-going): assertion and deadlock, for argv[1] = 0 and 1.
// Known issue: dpor finds only one of the two (see docs/strategies.md); this program is the
// reproduction to turn into a dpor-vs-dfs test once dpor is fixed.
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct table {
  pthread_mutex_t fork[2];
  int ate[2];
};

static struct table *t;
static int victim;

static void dine(int i) {
  pthread_mutex_lock(&t->fork[i]);
  pthread_mutex_lock(&t->fork[1 - i]);
  if (i == victim)
    assert(t->ate[1 - i]); // fails only when the victim eats first
  t->ate[i] = 1;
  pthread_mutex_unlock(&t->fork[1 - i]);
  pthread_mutex_unlock(&t->fork[i]);
}

int main(int argc, char **argv) {
  victim = argc > 1 ? atoi(argv[1]) : 0;
  t = mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (t == MAP_FAILED)
    return 1;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  for (int i = 0; i < 2; ++i)
    pthread_mutex_init(&t->fork[i], &attr);
  pid_t child = fork();
  if (child == 0) {
    dine(1);
    _exit(0);
  }
  dine(0);
  waitpid(child, NULL, 0);
  return 0;
}
