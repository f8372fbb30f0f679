// The fixed twin of unix_listen_late.c: the server listens before it forks the client.
#define FIXED
#include "unix_listen_late.c"
