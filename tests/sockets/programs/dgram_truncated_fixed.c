// The fixed twin of dgram_truncated.c: the server receives both datagrams into a buffer large
// enough for either.
#define FIXED
#include "dgram_truncated.c"
