/* Expected: two data races on "/dev/shm/lockstep-races-window" (+0xffff8 and +0x100008): the
 * parent and its child write the same two locations through views mapped at different addresses
 * and file offsets, with nothing ordering them (see shm_window.h). */
#include "shm_window.h"

int main(void) { return windowMain("/lockstep-races-window", 0); }
