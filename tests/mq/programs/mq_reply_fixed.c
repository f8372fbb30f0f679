#define FIXED
#include "mq_reply.c"
