// The fixed twin of socketpair_roles.c: a peer checks and claims the listener role in one
// critical section.
#define FIXED
#include "socketpair_roles.c"
