/* Advisory file locks, which Lockstep does not model yet: a free lock is taken at once (flock,
 * lockf and fcntl F_SETLKW), and a request that would wait for a lock another process holds stops
 * the run with a sentence naming the call. argv[1] "free": the parent releases its flock before
 * the child asks (no bug); "contended": the child asks while the parent holds it.
 * Expected verdict: "free": no bug; "contended": unsupported (exit 2). */
#include <assert.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const int contended = argc > 1 && strcmp(argv[1], "contended") == 0;
  char path[] = "/tmp/lockstep-file-lock-XXXXXX";
  const int fd = mkstemp(path);
  assert(fd >= 0);
  unlink(path); /* the open descriptors keep the file */
  assert(flock(fd, LOCK_EX) == 0);
  if (!contended)
    assert(flock(fd, LOCK_UN) == 0);
  const pid_t child = fork();
  if (child == 0) {
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    const int mine = open(self, O_RDWR); /* a description of its own: flock is per description */
    assert(mine >= 0);
    assert(flock(mine, LOCK_EX) == 0);
    assert(lockf(mine, F_LOCK, 0) == 0);
    struct flock record = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    assert(fcntl(mine, F_SETLKW, &record) == 0);
    _exit(0);
  }
  int status = 0;
  assert(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0);
  printf("locks taken\n");
  return 0;
}
