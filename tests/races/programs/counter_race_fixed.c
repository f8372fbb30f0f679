/* The fixed twin of counter_race.c: the increment is under a process-shared mutex in the shared
 * region: every increment is ordered with the others by unlock -> lock. */
#define FIXED
#include "counter_race.c"
