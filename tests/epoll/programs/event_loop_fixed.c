// The fixed twin of event_loop.c: it handles every event a wakeup reports (each entry is
// EPOLLONESHOT: once reported, it is not reported again). Expected: no bug.
#define FIXED
#include "event_loop.c"
