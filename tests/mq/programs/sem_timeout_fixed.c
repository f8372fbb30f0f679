#define FIXED
#include "sem_timeout.c"
