// A server that listens with a backlog of 0 (one connection may wait) and reaps its two clients
// before it accepts: the first client's connection waits in the queue, the second client's
// blocking connect waits for room that never comes, and the server waits for that client. Every
// interleaving deadlocks; the report names the connect that waits. (Without Lockstep the same
// happens: an AF_UNIX connect blocks while the listener's queue is full.)
#include "sockets.h"

#include <assert.h>
#include <stddef.h>
#include <sys/un.h>

static const char kName[] = "\0lockstep-test-backlog"; // abstract: no file

int main(void) {
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  memcpy(a.sun_path, kName, sizeof kName - 1);
  socklen_t length = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + sizeof kName - 1);
  int server = socket(AF_UNIX, SOCK_STREAM, 0);
  if (bind(server, (struct sockaddr *)&a, length) != 0 || listen(server, 0) != 0)
    return 99;
  for (int i = 0; i < 2; ++i) {
    if (fork() == 0) {
      int fd = socket(AF_UNIX, SOCK_STREAM, 0);
      assert(connect(fd, (struct sockaddr *)&a, length) == 0);
      return 0;
    }
  }
  reap_children(2); // BUG: the clients' connects need accepts first
  for (int i = 0; i < 2; ++i)
    close(accept(server, NULL, NULL));
  return 0;
}
