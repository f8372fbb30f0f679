/* Expected: clean, complete. shm_window_race, but the parent writes only after it reaped the
 * child: the child's writes happen before its exit, which happens before the wait. */
#include "shm_window.h"

int main(void) { return windowMain("/lockstep-races-window-fixed", 1); }
