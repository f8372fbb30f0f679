#define FIXED
#include "sysv_two_locks.c"
