#define FIXED
#include "rwlock_upgrade.c"
