/* Expected: data-race on "lockstep-races-shm+0x8" (the file under /dev/shm): this program
 * creates a shm_open region, starts shm_peer (argv[1]) with fork + exec, and increments the
 * region's counter while the peer, an unrelated program that maps the region at another
 * address, increments it too. One location, named by the file and the offset, whatever the
 * addresses. It does not shm_unlink the name: lockstep removes the names an execution created. */
#include "shm_region.h"

#include <sys/wait.h>

static const char *const kName = "/lockstep-races-shm";

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  struct ShmRegion *r = mapShmRegion(kName, 1);
  printf("main maps the region at %p\n", (void *)r);
  const pid_t pid = fork();
  if (pid == 0) {
    execl(argv[1], argv[1], kName, (char *)NULL);
    _exit(127);
  }
  r->counter++;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 3;
}
