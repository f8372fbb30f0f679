#define FIXED
#include "mq_pool.c"
