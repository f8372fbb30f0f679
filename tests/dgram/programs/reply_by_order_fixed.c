// The fixed twin of reply_by_order.c: the daemon answers the address recvfrom reported.
#define FIXED
#include "reply_by_order.c"
