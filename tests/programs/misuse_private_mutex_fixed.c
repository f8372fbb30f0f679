// The fixed twin of misuse_private_mutex.c: the statistics lock is process-shared.
#define FIXED
#include "misuse_private_mutex.c"
