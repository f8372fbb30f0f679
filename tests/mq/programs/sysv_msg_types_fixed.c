#define FIXED
#include "sysv_msg_types.c"
