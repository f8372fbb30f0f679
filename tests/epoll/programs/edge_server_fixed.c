// The fixed twin of edge_server.c: each wakeup reads until EAGAIN, so a request that arrived with
// another is read at that wakeup. Expected: no bug.
#define FIXED
#include "edge_server.c"
