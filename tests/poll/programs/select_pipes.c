// select(2) waiting on two pipes whose writers (two children) each write one byte and exit; the
// parent reads one byte from each pipe as it becomes readable. Expected: clean, complete.
#include "../../pipes/programs/pipes.h"

#include <assert.h>
#include <sys/select.h>

int main(void) {
  int in[2];
  for (int i = 0; i < 2; ++i) {
    int fds[2];
    if (pipe(fds) != 0)
      return 99;
    if (fork() == 0) {
      char c = (char)('a' + i);
      write_full(fds[1], &c, 1);
      exit(0);
    }
    in[i] = fds[0];
  }
  int got = 0;
  while (got < 2) {
    fd_set r;
    FD_ZERO(&r);
    int top = -1;
    for (int i = 0; i < 2; ++i) {
      if (in[i] >= 0) {
        FD_SET(in[i], &r);
        top = in[i] > top ? in[i] : top;
      }
    }
    int n = select(top + 1, &r, NULL, NULL, NULL);
    assert(n > 0);
    for (int i = 0; i < 2; ++i) {
      if (in[i] >= 0 && FD_ISSET(in[i], &r)) {
        char c;
        assert(read(in[i], &c, 1) == 1 && c == 'a' + i);
        in[i] = -1;
        ++got;
      }
    }
  }
  reap_children(2);
  return 0;
}
