// The fixed twin of oneshot_workers.c: the entry is EPOLLONESHOT, so one message wakes one worker;
// the entry is disabled until that worker has read and re-armed it with EPOLL_CTL_MOD.
// Expected: no bug.
#define FIXED
#include "oneshot_workers.c"
