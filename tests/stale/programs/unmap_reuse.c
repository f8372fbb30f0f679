/* Memory unmapped (or given back to malloc) by one thread and mapped (or allocated) again at the
 * same address by another (docs/races.md, "Memory that changes owner").
 *
 * Thread A maps or allocates a block, writes it, gives it back and publishes its address with a
 * relaxed store; thread B waits for the address with relaxed loads (no happens-before: the
 * kernel's and malloc's own locking order the two in reality, out of Lockstep's view), gets new
 * memory at the same address and writes it. Not a race: the memory has a new owner. The mode
 * (argv[1]) says how A gives the memory back and B gets it:
 *   munmap       mmap / munmap, then mmap at the same address (MAP_FIXED_NOREPLACE)
 *   mremap       A's two pages shrunk to one by mremap; B maps the freed second page
 *   mremap-move  A's page moved elsewhere by mremap; B maps the old address
 *   shared       an anonymous MAP_SHARED page unmapped, another mapped at the same address: a
 *                new object (a new inode), so nothing to meet even without any reset
 *   heap         malloc / free of 100 KiB (from the heap: above the old 64 KiB limit of free's
 *                reset), then malloc of the same size
 *   heap-mmap    the same with 1 MiB, which malloc maps and unmaps itself (not through the
 *                interceptors)
 *   realloc      100 KiB moved by realloc to 1 MiB; B allocates 100 KiB at the old address
 * A mode followed by "race" adds a real race on the new memory: A writes B's new block too,
 * unordered with B's write, and exactly that race must be reported (lines of takeOver() and
 * intrude()). */
#define _GNU_SOURCE
#include <assert.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096
#define HEAP_SMALL (100 * 1024)
#define HEAP_LARGE (1024 * 1024)

static const char *gMode;
static int gRace;
static atomic_uintptr_t gOld; /* A -> B: the address given back */
static atomic_uintptr_t gNew; /* B -> A: B's new block (race twin) */

__attribute__((noinline)) static void firstOwner(char *p) { p[0] = 1; }
__attribute__((noinline)) static void takeOver(char *p) { p[0] = 2; }
__attribute__((noinline)) static void intrude(char *p) { p[0] = 3; }

static int is(const char *mode) { return strcmp(gMode, mode) == 0; }

static void *map(void *at, size_t size, int flags) {
  void *p = mmap(at, size, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    perror("mmap");
    exit(2);
  }
  return p;
}

/* B is ready (relaxed): its stack is mapped, its first malloc (which allocates its cache, tcache,
 * from the arena) is done, so none of that takes the place of A's block. */
static atomic_int gReady;

static void *threadA(void *unused) {
  (void)unused;
  while (!atomic_load_explicit(&gReady, memory_order_relaxed)) {
  }
  char *old = NULL;
  if (is("munmap") || is("shared")) {
    old = map(NULL, PAGE, is("shared") ? MAP_SHARED : MAP_PRIVATE);
    firstOwner(old);
    munmap(old, PAGE);
  } else if (is("mremap")) {
    char *p = map(NULL, 2 * PAGE, MAP_PRIVATE);
    old = p + PAGE;
    firstOwner(old);
    if (mremap(p, 2 * PAGE, PAGE, 0) != p)
      exit(2);
  } else if (is("mremap-move")) {
    old = map(NULL, PAGE, MAP_PRIVATE);
    char *elsewhere = map(NULL, PAGE, MAP_PRIVATE);
    firstOwner(old);
    if (mremap(old, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, elsewhere) != elsewhere)
      exit(2);
  } else if (is("heap") || is("heap-mmap")) {
    old = malloc(is("heap") ? HEAP_SMALL : HEAP_LARGE);
    firstOwner(old);
    free(old);
  } else if (is("realloc")) {
    old = malloc(HEAP_SMALL);
    firstOwner(old);
    char *moved = realloc(old, HEAP_LARGE);
    if (moved == old)
      exit(2);
    free(moved);
  } else {
    exit(2);
  }
  atomic_store_explicit(&gOld, (uintptr_t)old, memory_order_relaxed);
  /* A stays until B has its block: a thread's exit allocates (glibc loads its unwinder). */
  uintptr_t q = 0;
  while ((q = atomic_load_explicit(&gNew, memory_order_relaxed)) == 0) {
  }
  if (gRace)
    intrude((char *)q);
  return NULL;
}

static void *threadB(void *unused) {
  (void)unused;
  free(malloc(1));
  /* The runtime names an atomic location when it is first used (reading /proc/self/maps, which
   * allocates): both are used once here, before A's block exists. */
  (void)atomic_load_explicit(&gOld, memory_order_relaxed);
  (void)atomic_load_explicit(&gNew, memory_order_relaxed);
  atomic_store_explicit(&gReady, 1, memory_order_relaxed);
  uintptr_t old = 0;
  while ((old = atomic_load_explicit(&gOld, memory_order_relaxed)) == 0) {
  }
  char *p = NULL;
  if (is("munmap") || is("mremap") || is("mremap-move") || is("shared"))
    p = map((void *)old, PAGE, (is("shared") ? MAP_SHARED : MAP_PRIVATE) | MAP_FIXED_NOREPLACE);
  else
    p = malloc(is("heap-mmap") ? HEAP_LARGE : HEAP_SMALL);
  assert((uintptr_t)p == old); /* the same address, or this program tests nothing */
  takeOver(p);
  atomic_store_explicit(&gNew, (uintptr_t)p, memory_order_relaxed);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  gMode = argv[1];
  gRace = argc > 2 && strcmp(argv[2], "race") == 0;
  /* One arena for every thread, and a fixed mmap threshold (free of a mapped block would raise
   * it), so that the second allocation lands where the first was. */
  mallopt(M_ARENA_MAX, 1);
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  pthread_t a, b;
  pthread_create(&a, NULL, threadA, NULL);
  pthread_create(&b, NULL, threadB, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  puts("done");
  return 0;
}
