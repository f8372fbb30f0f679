// The fixed twin of robust_owner_dies.c: recovery rolls the transfer back from the journal.
#define FIXED
#include "robust_owner_dies.c"
