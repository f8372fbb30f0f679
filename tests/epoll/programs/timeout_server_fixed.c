// The fixed twin of timeout_server.c: after an idle timeout the server waits again, without a
// timeout this time (a second timeout would only repeat the housekeeping). Expected: no bug.
#define FIXED
#include "timeout_server.c"
