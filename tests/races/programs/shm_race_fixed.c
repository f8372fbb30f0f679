/* The fixed twin of shm_race.c: this program increments the counter only after it reaped the
 * peer: the peer's increment happens before its exit, which happens before the wait that reaps
 * it. */
#define FIXED
#include "shm_race.c"
