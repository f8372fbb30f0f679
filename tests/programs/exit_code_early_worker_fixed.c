// The fixed twin of exit_code_early_worker.c: the worker waits on a process-shared semaphore that
// counts the queued jobs before it takes one.
#define FIXED
#include "exit_code_early_worker.c"
