/* readers_writers R W: R reader processes and W writer processes; writers take semaphore
 * "room" (1); readers take "mutex" (1) around the reader count, the first reader in takes
 * "room", the last one out releases it (the classic first readers-writers solution).
 * Traces, R=1 W=1: the reader's entry (wait/post of mutex, wait room) and the writer's
 * wait(room) race; room goes to the reader or the writer first: 2 traces. R=2 W=0: the order
 * of the four mutex sections (2 per reader: enter, leave) with both enters before... every
 * interleaving of the two readers' sections that respects each reader's order: 4!/(2!2!) = 6. */
#include "common.h"

struct shared {
  sem_t mutex, room;
  int readers;
};
static struct shared *s;
static int r;

static void work(int i) {
  if (i < r) {
    sem_wait(&s->mutex);
    if (++s->readers == 1)
      sem_wait(&s->room);
    sem_post(&s->mutex);
    sem_wait(&s->mutex);
    if (--s->readers == 0)
      sem_post(&s->room);
    sem_post(&s->mutex);
  } else {
    sem_wait(&s->room);
    sem_post(&s->room);
  }
}

int main(int argc, char **argv) {
  r = argc > 1 ? atoi(argv[1]) : 1;
  int w = argc > 2 ? atoi(argv[2]) : 1;
  s = shared_region(sizeof *s);
  sem_init(&s->mutex, 1, 1);
  sem_init(&s->room, 1, 1);
  run_workers(r + w, work);
  return 0;
}
