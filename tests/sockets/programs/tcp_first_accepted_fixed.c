// The fixed twin of tcp_first_accepted.c: the server answers from the request.
#define FIXED
#include "tcp_first_accepted.c"
