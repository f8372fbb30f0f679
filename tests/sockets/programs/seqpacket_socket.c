// An AF_UNIX SOCK_SEQPACKET socket, which Lockstep does not model yet: the run stops at the
// socket call with an `unsupported` verdict. Natively it sends itself one record over a pair of
// connected seqpacket sockets.
#include "sockets.h"

#include <assert.h>
#include <sys/un.h>

int main(void) {
  int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  assert(fd >= 0);
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  memcpy(a.sun_path, "\0lockstep-seqpacket-test", 24); // abstract: nothing to remove
  assert(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
  assert(listen(fd, 1) == 0);
  return 0;
}
