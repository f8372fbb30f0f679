#define FIXED
#include "cond_if_wait.c"
