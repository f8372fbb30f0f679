/* indexer N: N processes insert 4 messages each into a hash table of 128 atomic slots in
 * MAP_SHARED memory, by compare-and-swap with linear probing (Flanagan and Godefroid, "Dynamic
 * partial-order reduction", POPL 2005). Process t inserts w = m*11 + t for m = 1..4 at slot
 * h = 7w mod 128 or the next free one. Only CASes on the same slot are dependent. For N <= 11 no
 * two messages hash to the same slot (w ranges over 11..54 + distinct residues), so every CAS
 * touches its own slot: 1 trace. Collisions begin at N = 12: the literature's counts (Abdulla et
 * al., "Source sets", JACM 2017; GenMC and Nidhugg agree, see FIELD-NOTES) are 8 * 8^(N-12)
 * traces for N = 12..15 (8 for N = 12). */
#include "common.h"

#include <stdatomic.h>

#define SIZE 128
struct shared {
  atomic_int table[SIZE];
};
static struct shared *s;

static void work(int t) {
  for (int m = 1; m <= 4; ++m) {
    const int w = m * 11 + t;
    int h = (w * 7) % SIZE;
    int expected = 0;
    while (!atomic_compare_exchange_strong(&s->table[h], &expected, w)) {
      expected = 0;
      h = (h + 1) % SIZE;
    }
  }
}

int main(int argc, char **argv) {
  const int n = argc > 1 ? atoi(argv[1]) : 2;
  s = shared_region(sizeof *s);
  run_workers(n, work);
  return 0;
}
