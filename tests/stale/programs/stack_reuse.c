/* A thread's stack reused by a later thread (docs/races.md, "Memory that changes owner").
 *
 * glibc keeps the stacks of exited threads in a cache and gives one to the next thread created
 * with the same stack size. Here a detached thread writes a local array after its last visible
 * step, so nothing Lockstep sees orders those writes before anything else (glibc's own lock on
 * its stack cache, invisible to Lockstep, does that in reality). Once the thread is really gone
 * (its kernel task no longer exists: glibc can only hand its stack on from then), main starts
 * a second thread, which gets the same stack and writes the same local at the same address: not
 * a race, the memory has a new owner. Without a reset of the new thread's stack at its start,
 * its write meets the old thread's cells and is reported as a data race.
 *
 * With the argument "race", the second thread then passes its local to a third thread and both
 * write it with no synchronization: a real race on the reused stack, which must still be
 * reported (exactly once: both writes are at line 32, in share()). */
#define _GNU_SOURCE
#include <assert.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static atomic_uintptr_t gFirstLocal; /* relaxed: publishes without happens-before */
static atomic_int gFirstTid;
static atomic_int gNever; /* never written */
static int gRace;

__attribute__((noinline)) static void scribble(int *p, int v) { p[0] = v; }
__attribute__((noinline)) static void share(int *p, int v) { p[0] = v; }

static void *third(void *arg) {
  share(arg, 4);
  return NULL;
}

static void *body(void *arg) {
  int local[4];
  const int round = (int)(intptr_t)arg;
  if (round == 1) {
    atomic_store_explicit(&gFirstLocal, (uintptr_t)local, memory_order_relaxed);
    atomic_store_explicit(&gFirstTid, gettid(), memory_order_relaxed);
    scribble(local, 1); /* after the thread's last visible step */
    return NULL;
  }
  /* The stack was reused, or this program tests nothing. */
  assert((uintptr_t)local == atomic_load_explicit(&gFirstLocal, memory_order_relaxed));
  scribble(local, 2);
  if (gRace) {
    pthread_t t;
    pthread_create(&t, NULL, third, local);
    share(local, 3); /* races with third()'s write */
    pthread_join(t, NULL);
  }
  return NULL;
}

int main(int argc, char **argv) {
  gRace = argc > 1 && strcmp(argv[1], "race") == 0;
  pthread_attr_t detached;
  pthread_attr_init(&detached);
  pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
  pthread_t first;
  if (pthread_create(&first, &detached, body, (void *)1) != 0)
    return 2;
  int tid = 0;
  while ((tid = atomic_load_explicit(&gFirstTid, memory_order_relaxed)) == 0) {
  }
  /* Wait until the first thread's task is gone. Two relaxed loads of a location nobody writes,
   * from one call site: the second is a spin (docs/spin-loops.md), so the scheduler runs the
   * first thread, whose only step left is its exit, before it (no happens-before: a relaxed
   * load). Then glibc tears the thread down out of Lockstep's view while main, alone, waits for
   * the kernel to drop its task, giving it the CPU (a real sched_yield, not a visible step, so
   * the number of steps does not depend on timing). */
  for (int i = 0; i < 2; ++i)
    (void)atomic_load_explicit(&gNever, memory_order_relaxed);
  while (syscall(SYS_tgkill, getpid(), tid, 0) == 0)
    syscall(SYS_sched_yield);
  pthread_t second;
  if (pthread_create(&second, NULL, body, (void *)2) != 0)
    return 2;
  pthread_join(second, NULL);
  puts("done");
  return 0;
}
