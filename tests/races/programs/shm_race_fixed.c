/* Expected: clean, complete. shm_race, but this program increments the counter only after it
 * reaped the peer: the peer's increment happens before its exit, which happens before the wait
 * that reaps it. */
#include "shm_region.h"

#include <assert.h>
#include <sys/wait.h>

static const char *const kName = "/lockstep-races-shm-fixed";

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  struct ShmRegion *r = mapShmRegion(kName, 1);
  const pid_t pid = fork();
  if (pid == 0) {
    execl(argv[1], argv[1], kName, (char *)NULL);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r->counter++;
  assert(r->counter == 2);
  shm_unlink(kName);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 3;
}
