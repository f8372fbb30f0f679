// The fixed twin of send_before_bind.c: the client sends only after the daemon's "ready" byte.
#define FIXED
#include "send_before_bind.c"
