// A stdio stream on a pipe reads and writes inside libc, where Lockstep cannot see it (the
// read could block in the kernel): fdopen of a modelled pipe is refused with a message naming
// it, while fdopen of anything else (here a duplicate of stdout) runs.
#include <stdio.h>
#include <unistd.h>

int main(void) {
  FILE *out = fdopen(dup(1), "w");
  if (out == NULL)
    return 1;
  fclose(out);
  int fds[2];
  if (pipe(fds) != 0)
    return 99;
  FILE *in = fdopen(fds[0], "r");
  return in != NULL ? 0 : 1;
}
