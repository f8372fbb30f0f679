/* The fixed twin of sysv_race.c: the parent increments only after reaping the child (exit ->
 * wait), and removes the segment itself. */
#define FIXED
#include "sysv_race.c"
