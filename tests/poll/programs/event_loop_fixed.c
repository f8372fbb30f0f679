// The fixed twin of event_loop.c: the loop handles every ready descriptor of a wakeup and counts
// the requests it handled, not poll's return value. Expected: clean, complete.
#define FIXED
#include "event_loop.c"
