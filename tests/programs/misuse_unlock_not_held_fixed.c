// The fixed twin of misuse_unlock_not_held.c: the child unlocks only when its trylock succeeded.
#define FIXED
#include "misuse_unlock_not_held.c"
