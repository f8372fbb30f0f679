// The fixed twin of rpc_reply_mismatch.c: each client has its own connection (socket pair) to
// the server, so a reply can only reach the client that asked. The server answers the clients in
// turn; a request that arrives early waits in its connection's buffer.
// Lockstep finds: nothing (every interleaving explored).
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
  int client;
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

// The client stub: a remote call that reads like a local one, on the client's own connection.
static int call_square(int connection, int client, int x) {
  struct request rq = {client, x};
  sendAll(connection, &rq, sizeof rq);
  struct reply rp;
  receiveAll(connection, &rp, sizeof rp);
  assert(rp.client == client);
  return rp.square;
}

static void serveOne(int connection) {
  struct request rq;
  receiveAll(connection, &rq, sizeof rq);
  struct reply rp = {rq.client, rq.x * rq.x};
  sendAll(connection, &rp, sizeof rp);
}

int main(void) {
  int connections[2][2];
  for (int client = 0; client < 2; ++client) {
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, connections[client]) != 0)
      return 2;
  }
  for (int client = 0; client < 2; ++client) {
    if (fork() == 0) {
      const int x = client + 2;
      const int square = call_square(connections[client][1], client, x);
      assert(square == x * x);
      _exit(0);
    }
  }
  for (int client = 0; client < 2; ++client)
    serveOne(connections[client][0]);
  for (int i = 0; i < 2; ++i)
    wait(NULL);
  return 0;
}
