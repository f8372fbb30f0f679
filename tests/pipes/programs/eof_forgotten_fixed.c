// The fixed twin of eof_forgotten.c: the parent closes its write end before waiting, so the
// worker's read returns 0 (EOF) once it has both jobs.
#define FIXED
#include "eof_forgotten.c"
