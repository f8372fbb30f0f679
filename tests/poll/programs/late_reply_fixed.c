// The fixed twin of late_reply.c: after a poll that did not time out, the client skips the late
// replies to requests it gave up on (their id is not the one it waits for). Expected: clean,
// complete.
#define FIXED
#include "late_reply.c"
