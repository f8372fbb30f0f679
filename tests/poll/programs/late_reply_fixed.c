// The fixed twin of late_reply.c: after a poll that did not time out, the client skips the late
// replies to requests it gave up on (their id is not the one it waits for). Expected: clean,
// complete.
#include "../../pipes/programs/pipes.h"

#include <assert.h>
#include <poll.h>
#include <sys/socket.h>

// Answers every request until the client is gone (a reply to a client that left fails with
// EPIPE, without SIGPIPE).
static void server(int fd) {
  int request;
  while (recv(fd, &request, sizeof request, MSG_WAITALL) == sizeof request) {
    int reply[2] = {request, request * 10};
    send(fd, reply, sizeof reply, MSG_NOSIGNAL);
  }
  close(fd);
}

int main(void) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
    return 99;
  pid_t child = fork();
  if (child == 0) {
    struct pollfd p = {sv[1], POLLIN, 0};
    for (int id = 1; id <= 2; ++id) {
      write_full(sv[1], &id, sizeof id);
      if (poll(&p, 1, 100) == 0)
        continue; // given up: its reply, if it comes, is skipped below
      int reply[2];
      do
        assert(read_full(sv[1], reply, sizeof reply) == sizeof reply);
      while (reply[0] != id);
      assert(reply[1] == id * 10);
    }
    exit(0); // closes both ends: the server sees EOF
  }
  close(sv[1]);
  server(sv[0]);
  reap_children(1);
  return 0;
}
