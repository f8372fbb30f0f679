#define FIXED
#include "timedlock_timeout.c"
