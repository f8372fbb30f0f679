// The fixed twin of sigpipe_early_exit.c: the writer ignores SIGPIPE, so a write after the
// reader left fails with EPIPE, which it expects.
#define FIXED
#include "sigpipe_early_exit.c"
