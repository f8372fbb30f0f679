// The fixed twin of misuse_relock.c: refill() expects the caller to hold the lock.
#define FIXED
#include "misuse_relock.c"
