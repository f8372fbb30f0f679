// placeholder
#include "LockstepRunner.h"
