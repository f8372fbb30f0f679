// A request/reply daemon on a bound AF_UNIX datagram socket: P0 binds its path and two client
// sockets (each at its own path), then forks client 1 (P1) and client 2 (P2); each client sends
// its id to the daemon and waits for the reply id * 10 on its own socket. Bug: the daemon answers
// the k-th request to client k's path, assuming the requests arrive in fork order, instead of
// answering the address recvfrom reported. When P2's request is queued first, P1 receives 20 and
// its assertion fails. In the first (default) interleaving P1 sends first, so the bug needs
// another order. Fixed twin (reply_by_order_fixed.c): reply to recvfrom's address.
#include "dgram.h"

#include <assert.h>
#include <stdio.h>
#include <unistd.h>

static const char *const kDaemon = "lockstep-dgram-daemon";
static const char *const kClient[2] = {"lockstep-dgram-client-1", "lockstep-dgram-client-2"};

static void client(int fd, int id) {
  struct sockaddr_un a;
  socklen_t n = unix_address(&a, kDaemon);
  assert(sendto(fd, &id, sizeof id, 0, (struct sockaddr *)&a, n) == (ssize_t)sizeof id);
  int reply = 0;
  assert(recv(fd, &reply, sizeof reply, 0) == (ssize_t)sizeof reply);
  assert(reply == id * 10);
  _exit(0);
}

int main(void) {
  for (int i = 0; i < 2; ++i)
    unlink(kClient[i]);
  unlink(kDaemon);
  int daemon = dgram_socket(kDaemon, 0);
  int clients[2];
  for (int i = 0; i < 2; ++i)
    clients[i] = dgram_socket(kClient[i], 0);
  assert(daemon >= 0 && clients[0] >= 0 && clients[1] >= 0);
  for (int i = 0; i < 2; ++i) {
    if (fork() == 0)
      client(clients[i], i + 1);
  }
  for (int k = 0; k < 2; ++k) {
    int id = 0;
    struct sockaddr_un from;
    socklen_t length = sizeof from;
    assert(recvfrom(daemon, &id, sizeof id, 0, (struct sockaddr *)&from, &length) ==
           (ssize_t)sizeof id);
#ifndef FIXED
    length = unix_address(&from, kClient[k]); // the k-th request must be client k's (wrong)
#endif
    int reply = id * 10;
    assert(sendto(daemon, &reply, sizeof reply, 0, (struct sockaddr *)&from, length) ==
           (ssize_t)sizeof reply);
  }
  reap_children(2);
  close(daemon);
  for (int i = 0; i < 2; ++i) {
    close(clients[i]);
    unlink(kClient[i]);
  }
  unlink(kDaemon);
  return 0;
}
