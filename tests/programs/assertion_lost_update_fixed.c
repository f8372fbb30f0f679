// The fixed twin of assertion_lost_update.c: the write adds to the balance it finds under the
// lock.
#define FIXED
#include "assertion_lost_update.c"
