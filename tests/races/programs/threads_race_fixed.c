/* The fixed twin of threads_race.c: the increment is under a mutex; main reads the counter after
 * joining both threads (exit -> join). */
#define FIXED
#include "threads_race.c"
