// Both ends of a socket pair read first: each waits for the other to speak. Lockstep reports the
// deadlock and says who holds the other end.
#include "pipes.h"

#include <sys/socket.h>

int main(void) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
    return 99;
  if (fork() == 0) {
    close(sv[0]);
    int hello = 0;
    recv(sv[1], &hello, sizeof hello, MSG_WAITALL);
    send(sv[1], &hello, sizeof hello, 0);
    return 0;
  }
  close(sv[1]);
  int hello = 0;
  recv(sv[0], &hello, sizeof hello, MSG_WAITALL);
  send(sv[0], &hello, sizeof hello, 0);
  reap_children(1);
  return 0;
}
