// A request/response over two pipes whose server assumes that one read returns one whole
// request. Pipes promise no such thing for a reader (only writes of at most PIPE_BUF bytes are
// atomic): under --short-io Lockstep explores a read that returns half of the request, and the
// server's check fails. Without --short-io every interleaving is clean. The fixed twin,
// request_whole_fixed.c, reads until the whole request is there.
#include "pipes.h"

#include <assert.h>
#include <string.h>

struct request {
  int id;
  int value;
};

int main(void) {
  int to_server[2];
  int to_client[2];
  if (pipe(to_server) != 0 || pipe(to_client) != 0)
    return 99;
  if (fork() == 0) {
    struct request r;
#ifdef FIXED
    ssize_t n = read_full(to_server[0], &r, sizeof r);
#else
    ssize_t n = read(to_server[0], &r, sizeof r); // BUG: assumes a whole request per read
#endif
    assert(n == (ssize_t)sizeof r);
    int reply = r.value * 2;
    write_full(to_client[1], &reply, sizeof reply);
    return 0;
  }
  struct request r = {1, 21};
  write_full(to_server[1], &r, sizeof r);
  int reply = 0;
  read_full(to_client[0], &reply, sizeof reply);
  assert(reply == 42);
  reap_children(1);
  return 0;
}
