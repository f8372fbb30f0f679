// The fixed twin of request_whole.c: the server reads until the whole request is there, so it
// survives the short reads that --short-io explores.
#define FIXED
#include "request_whole.c"
