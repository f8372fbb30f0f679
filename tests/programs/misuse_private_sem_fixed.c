// The fixed twin of misuse_private_sem.c: the "missed" semaphore is process-shared (pshared=1).
#define FIXED
#include "misuse_private_sem.c"
