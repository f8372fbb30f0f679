/* The fixed twin of pipe_publish_race.c: the parent reads the pipe first; the child's write of
 * the record happens before its pipe write, which happens before the parent's read of the byte
 * (the pipe model's release/acquire), so the record read is ordered. */
#define FIXED
#include "pipe_publish_race.c"
