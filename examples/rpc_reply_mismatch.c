// A tiny RPC layer over a Unix socket pair: a server process answers "square(x)" requests, and a
// client stub, call_square(), lets a client call it like a function: send the request, read the
// reply. Two client processes share one connection to the server.
// Bug: the stub takes the next reply on the connection as its own. When the second client reads
// before the first one, it receives the first client's answer.
// Lockstep finds: assertion (`square == x * x` fails in the client that read the other's reply).
// Fixed twin: rpc_reply_mismatch_fixed.c gives each client its own connection.
#include <assert.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

struct request {
  int client;
  int x;
};

struct reply {
  int client; // who asked: the stub ignores it (the bug)
  int square;
};

static void sendAll(int fd, const void *data, size_t size) {
  const char *p = data;
  while (size > 0) {
    ssize_t n = write(fd, p, size);
    if (n <= 0)
      exit(2);
    p += n;
    size -= (size_t)n;
  }
}

static void receiveAll(int fd, void *data, size_t size) {
  char *p = data;
  while (size > 0) {
    ssize_t n = read(fd, p, size);
    if (n <= 0)
      exit(2);
    p += n;
    size -= (size_t)n;
  }
}

// The client stub: a remote call that reads like a local one.
static int call_square(int connection, int client, int x) {
  struct request rq = {client, x};
  sendAll(connection, &rq, sizeof rq);
  struct reply rp;
  receiveAll(connection, &rp, sizeof rp); // BUG: the next reply may be another client's
  return rp.square;
}

static void serve(int connection, int requests) {
  for (int i = 0; i < requests; ++i) {
    struct request rq;
    receiveAll(connection, &rq, sizeof rq);
    struct reply rp = {rq.client, rq.x * rq.x};
    sendAll(connection, &rp, sizeof rp);
  }
}

int main(void) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
    return 2;
  for (int client = 0; client < 2; ++client) {
    if (fork() == 0) {
      const int x = client + 2;
      const int square = call_square(sv[1], client, x);
      assert(square == x * x);
      _exit(0);
    }
  }
  serve(sv[0], 2);
  for (int i = 0; i < 2; ++i)
    wait(NULL);
  return 0;
}
