// The fixed twin of misuse_destroy_held_mutex.c: the child unlocks before it signals "done".
#define FIXED
#include "misuse_destroy_held_mutex.c"
