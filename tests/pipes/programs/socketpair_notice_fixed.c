// The fixed twin of socketpair_notice.c: the client waits for the server's notice before it
// sends its request, so the notice is never taken for the reply.
#define FIXED
#include "socketpair_notice.c"
