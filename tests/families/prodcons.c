/* prodcons P C M CAP: P producers and C consumers over a ring buffer of CAP slots in shared
 * memory, with semaphores "empty" (CAP), "full" (0) and a mutex semaphore around the indices;
 * each producer puts M items, consumers take P*M/C items each.
 * Traces, P=1 C=1 M=1 CAP=1: the producer does wait(empty) wait(lock) post(lock) post(full); the
 * consumer wait(full) (only after post(full)) then wait(lock) post(lock) post(empty). The only
 * freedom: the consumer's lock section comes after the producer's, forced by full; so 1 trace.
 * M=2 CAP=1: still forced alternation: 1 trace... except the producer's second wait(empty) vs
 * the consumer's post(empty) is forced too: 1 trace. */
#include "common.h"

struct shared {
  sem_t empty, full, lock;
  int buf[8];
  int in, out;
};
static struct shared *s;
static int p, m, c, cap;

static void work(int i) {
  if (i < p) {
    for (int j = 0; j < m; ++j) {
      sem_wait(&s->empty);
      sem_wait(&s->lock);
      s->buf[s->in] = j;
      s->in = (s->in + 1) % cap;
      sem_post(&s->lock);
      sem_post(&s->full);
    }
  } else {
    for (int j = 0; j < p * m / c; ++j) {
      sem_wait(&s->full);
      sem_wait(&s->lock);
      s->out = (s->out + 1) % cap;
      sem_post(&s->lock);
      sem_post(&s->empty);
    }
  }
}

int main(int argc, char **argv) {
  p = argc > 1 ? atoi(argv[1]) : 1;
  c = argc > 2 ? atoi(argv[2]) : 1;
  m = argc > 3 ? atoi(argv[3]) : 1;
  cap = argc > 4 ? atoi(argv[4]) : 1;
  s = shared_region(sizeof *s);
  sem_init(&s->empty, 1, (unsigned)cap);
  sem_init(&s->full, 1, 0);
  sem_init(&s->lock, 1, 1);
  run_workers(p + c, work);
  return 0;
}
