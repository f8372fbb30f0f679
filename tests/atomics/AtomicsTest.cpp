// Atomics as visible operations and the spin rule, end to end: placeholder while counts are
// measured.
#include "LockstepRunner.h"
