/* Expected: data-race on "lockstep-races-shm+0x8" (the file under /dev/shm): this program
 * creates a shm_open region, starts shm_peer (argv[1]) with fork + exec, and increments the
 * region's counter while the peer, an unrelated program that maps the region at another
 * address, increments it too. One location, named by the file and the offset, whatever the
 * addresses. It does not shm_unlink the name: lockstep removes the names an execution created.
 * Fixed twin shm_race_fixed.c (clean, complete; region "lockstep-races-shm-fixed", which it
 * unlinks itself): it increments the counter only after it reaped the peer: the peer's increment
 * happens before its exit, which happens before the wait that reaps it. */
#include "shm_region.h"

#include <assert.h>
#include <sys/wait.h>

#ifdef FIXED
static const char *const kName = "/lockstep-races-shm-fixed";
#else
static const char *const kName = "/lockstep-races-shm";
#endif

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  struct ShmRegion *r = mapShmRegion(kName, 1);
#ifndef FIXED
  printf("main maps the region at %p\n", (void *)r);
#endif
  const pid_t pid = fork();
  if (pid == 0) {
    execl(argv[1], argv[1], kName, (char *)NULL);
    _exit(127);
  }
#ifndef FIXED
  r->counter++; /* BUG: unordered with the peer's increment */
#endif
  int status = 0;
  waitpid(pid, &status, 0);
#ifdef FIXED
  r->counter++;
  assert(r->counter == 2);
  shm_unlink(kName);
#endif
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 3;
}
