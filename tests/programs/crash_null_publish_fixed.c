// The fixed twin of crash_null_publish.c: the child waits on a process-shared semaphore that the
// parent posts after publishing.
#define FIXED
#include "crash_null_publish.c"
