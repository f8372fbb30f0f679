// The fixed twin of split_message.c: each writer sends header and body in one write of 8 bytes
// (at most PIPE_BUF, hence atomic), so messages never interleave.
#define FIXED
#include "split_message.c"
