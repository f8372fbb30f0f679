// The fixed twin of livelock_trywait_poll.c: the child blocks in sem_wait instead of polling.
#define FIXED
#include "livelock_trywait_poll.c"
