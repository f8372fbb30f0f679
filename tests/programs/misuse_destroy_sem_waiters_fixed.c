// The fixed twin of misuse_destroy_sem_waiters.c: the parent always releases the backup worker and
// destroys the semaphore only after both workers ended.
#define FIXED
#include "misuse_destroy_sem_waiters.c"
