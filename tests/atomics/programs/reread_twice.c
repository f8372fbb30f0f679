/* reread_twice: reading the same location twice is no spin loop. A child reads a shared atomic
 * twice from two different places in its code while its parent stores to it; the reads are
 * different call sites, so the child is never spin-blocked, and the interleaving in which both
 * reads see the old value is explored: the assertion that the two reads agree fails only when
 * the parent's store falls between them (found after the first execution). Clean twin: none (the
 * program exists to show the rule does not hide behaviours). */
#include "common.h"

#include <assert.h>
#include <stdatomic.h>

struct shared {
  atomic_int x;
};
static struct shared *s;

int main(void) {
  s = shared_region(sizeof *s);
  pid_t child = fork();
  if (child == 0) {
    int first = atomic_load(&s->x);
    int second = atomic_load(&s->x);
    assert(first == second);
    _exit(0);
  }
  atomic_store(&s->x, 1);
  waitpid(child, NULL, 0);
  return 0;
}
