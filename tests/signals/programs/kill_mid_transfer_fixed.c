// The fixed twin of kill_mid_transfer.c: the supervisor kills the worker only while it holds the
// lock that every transfer takes.
#define FIXED
#include "kill_mid_transfer.c"
