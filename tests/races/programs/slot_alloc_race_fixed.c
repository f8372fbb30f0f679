/* The fixed twin of slot_alloc_race.c: the search and the taking of a slot are under a
 * process-shared mutex: no two workers take the same slot, no race. */
#define FIXED
#include "slot_alloc_race.c"
