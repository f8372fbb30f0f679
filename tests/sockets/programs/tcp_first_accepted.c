// A loopback TCP server and two clients (P1 and P2, forked in that order). Each client sends
// its id and expects id * 10 back. The server answers by accept order, assuming that the first
// connection it accepts is P1's: true in the first interleaving, where P1 runs and connects
// first, false when P2 connects first, and then P2 gets P1's answer. The fixed twin,
// tcp_first_accepted_fixed.c, answers from the request.
#include "sockets.h"

#include <assert.h>

enum { kPort = 7070 };

static int client(int id) {
  int fd = tcp_connect(kPort);
  assert(fd >= 0);
  assert(write_full(fd, &id, sizeof id) == sizeof id);
  int reply = 0;
  assert(read_full(fd, &reply, sizeof reply) == sizeof reply);
  assert(reply == id * 10);
  return 0; // the exit closes fd
}

int main(void) {
  int server = socket(AF_INET, SOCK_STREAM, 0);
  int on = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_in a = loopback(kPort);
  if (server < 0 || bind(server, (struct sockaddr *)&a, sizeof a) != 0 || listen(server, 4) != 0)
    return 99;
  for (int id = 1; id <= 2; ++id) {
    if (fork() == 0)
      return client(id);
  }
  for (int k = 1; k <= 2; ++k) {
    struct sockaddr_in peer;
    socklen_t length = sizeof peer;
    int c = accept(server, (struct sockaddr *)&peer, &length);
    assert(c >= 0 && length == sizeof peer && peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    int request = 0;
    assert(read_full(c, &request, sizeof request) == sizeof request);
#ifdef FIXED
    int reply = request * 10;
#else
    int reply = k * 10; // BUG: the k-th connection accepted is not necessarily client k's
#endif
    assert(write_full(c, &reply, sizeof reply) == sizeof reply);
  }
  reap_children(2);
  return 0;
}
