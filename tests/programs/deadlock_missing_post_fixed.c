// The fixed twin of deadlock_missing_post.c: the child always answers, whether or not it found the
// job already published.
#define FIXED
#include "deadlock_missing_post.c"
