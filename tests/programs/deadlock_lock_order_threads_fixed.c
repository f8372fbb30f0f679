// The fixed twin of deadlock_lock_order_threads.c: both threads take the lower-numbered lock
// first.
#define FIXED
#include "deadlock_lock_order_threads.c"
