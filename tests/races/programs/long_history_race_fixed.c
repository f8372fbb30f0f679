/* The fixed twin of long_history_race.c: the parent reaps the child before its write, so the
 * child's write (after the reset of the race history) is ordered before it by exit -> wait. */
#define FIXED
#include "long_history_race.c"
