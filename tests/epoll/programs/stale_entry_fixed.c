// The fixed twin of stale_entry.c: the server removes the entry (EPOLL_CTL_DEL) before closing
// the descriptor. Expected: no bug.
#define FIXED
#include "stale_entry.c"
