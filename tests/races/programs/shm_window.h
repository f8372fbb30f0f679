/* shm_window_race and its fixed twin: two views of one 3 MiB shm_open object at different
 * addresses and file offsets. The parent maps the whole object; its forked child also maps a
 * two-page window at file offset 1 MiB - 4 KiB, which straddles the race detector's 1 MiB shadow
 * chunks (runtime/src/race_region.h), so each of the window's pages has its shadow in another
 * chunk, at another place in the window than in the parent's view. The child writes file offsets
 * 0xffff8 (line 32) and 0x100008 (line 33) through the window; the parent writes 0x100008
 * (line 39) and 0xffff8 (line 40) through its view: the same two locations, whatever the
 * addresses. With `fixed` the parent writes only after it reaped the child. */
#ifndef LOCKSTEP_TESTS_RACES_SHM_WINDOW_H
#define LOCKSTEP_TESTS_RACES_SHM_WINDOW_H

#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

enum { kObjectBytes = 3 << 20, kWindowOffset = (1 << 20) - 4096 };

static int windowMain(const char *name, int fixed) {
  const int fd = shm_open(name, O_RDWR | O_CREAT, 0600);
  if (fd < 0 || ftruncate(fd, kObjectBytes) != 0)
    return 2;
  char *view = mmap(NULL, kObjectBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (view == MAP_FAILED)
    return 2;
  const pid_t pid = fork();
  if (pid == 0) {
    char *window = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, kWindowOffset);
    if (window == MAP_FAILED)
      _exit(2);
    *(long *)(window + 4096 - 8) = 1;
    *(long *)(window + 4096 + 8) = 2;
    _exit(0);
  }
  int status = 0;
  if (fixed)
    waitpid(pid, &status, 0);
  *(long *)(view + 0x100008) = 3;
  *(long *)(view + 0xffff8) = 4;
  if (!fixed)
    waitpid(pid, &status, 0);
  printf("views at %p, %s\n", (void *)view, fixed ? "fixed" : "racy");
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 3;
}

#endif
