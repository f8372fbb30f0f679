// The fixed twin of spin_transfer.c: both transfers take the account locks in the same order.
#define FIXED
#include "spin_transfer.c"
