// A client sends two requests over a socket pair and waits for each reply with poll(2) and a
// timeout; on a timeout it gives up on that request. Bug: the timeout path forgets that the
// late reply will still arrive, and the client takes it for the reply to its next request. The
// default interleaving times out twice (no reply is ever late for a request it waits on); the
// bug needs the server to answer request 1 after its timeout and before the second poll.
// Expected: assertion "reply[0] == id". Fixed twin late_reply_fixed.c: after a poll that did not
// time out, the client skips the late replies to requests it gave up on (expected: clean,
// complete).
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
        continue; // gives up on this request; its reply may still come later
      int reply[2];
#ifdef FIXED
      do // skips the late replies to requests it gave up on
        assert(read_full(sv[1], reply, sizeof reply) == sizeof reply);
      while (reply[0] != id);
#else
      // BUG: this may be the late reply to a request given up on
      assert(read_full(sv[1], reply, sizeof reply) == sizeof reply);
      assert(reply[0] == id);
#endif
      assert(reply[1] == id * 10);
    }
    exit(0); // closes both ends: the server sees EOF
  }
  close(sv[1]);
  server(sv[0]);
  reap_children(1);
  return 0;
}
