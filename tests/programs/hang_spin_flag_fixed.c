// The fixed twin of hang_spin_flag.c: the child waits on a process-shared semaphore that the parent
// posts, instead of spinning on a plain flag.
#define FIXED
#include "hang_spin_flag.c"
