// One process checks the Linux semantics of the modelled socket calls (socket(7), unix(7),
// tcp(7), accept(2), connect(2), listen(2)); it passes natively and under Lockstep, where it has
// a single interleaving. TCP ports are learned with getsockname after binding port 0, so the
// program also runs natively without picking a real port.
#define _GNU_SOURCE // accept4
#include "sockets.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <sys/un.h>

static unsigned short portOf(int fd) {
  struct sockaddr_in a;
  socklen_t length = sizeof a;
  assert(getsockname(fd, (struct sockaddr *)&a, &length) == 0 && length == sizeof a);
  assert(a.sin_family == AF_INET);
  return ntohs(a.sin_port);
}

static void tcp(void) {
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  struct sockaddr_in a = loopback(0);
  assert(bind(listener, (struct sockaddr *)&a, sizeof a) == 0);
  unsigned short port = portOf(listener);
  assert(port != 0);
  // Another socket cannot take the port (no SO_REUSEPORT).
  int other = socket(AF_INET, SOCK_STREAM, 0);
  a = loopback(port);
  assert(bind(other, (struct sockaddr *)&a, sizeof a) == -1 && errno == EADDRINUSE);
  // Nobody listens yet: refused.
  assert(connect(other, (struct sockaddr *)&a, sizeof a) == -1 && errno == ECONNREFUSED);
  close(other);
  assert(listen(listener, 4) == 0);
  // An empty queue: a non-blocking accept says EAGAIN, poll says not readable.
  assert(accept(listener, NULL, NULL) == -1 && errno == EAGAIN);
  struct pollfd p = {listener, POLLIN, 0};
  assert(poll(&p, 1, 0) == 0);
  int client = tcp_connect(port);
  assert(client >= 0);
  // The connection is usable before it is accepted.
  assert(write(client, "hi", 2) == 2);
  assert(poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0);
  struct sockaddr_in peer;
  socklen_t length = sizeof peer;
  int served = accept4(listener, (struct sockaddr *)&peer, &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
  assert(served >= 0 && length == sizeof peer);
  assert(peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && ntohs(peer.sin_port) == portOf(client));
  assert((fcntl(served, F_GETFL) & O_NONBLOCK) != 0 && (fcntl(served, F_GETFD) & FD_CLOEXEC) != 0);
  struct sockaddr_in name;
  length = sizeof name;
  assert(getpeername(client, (struct sockaddr *)&name, &length) == 0);
  assert(ntohs(name.sin_port) == port && name.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
  assert(portOf(served) == port);
  char buf[4];
  assert(read(served, buf, sizeof buf) == 2 && memcmp(buf, "hi", 2) == 0);
  assert(recv(served, buf, sizeof buf, 0) == -1 && errno == EAGAIN);
  // sendmsg and recvmsg gather and scatter over iovecs; a stream keeps no boundaries.
  char out1[] = "ab", out2[] = "cde", in1[2], in2[8];
  struct iovec sent[2] = {{out1, 2}, {out2, 3}}, got[2] = {{in1, 2}, {in2, 8}};
  struct msghdr m;
  memset(&m, 0, sizeof m);
  m.msg_iov = sent;
  m.msg_iovlen = 2;
  assert(sendmsg(client, &m, MSG_NOSIGNAL) == 5);
  m.msg_iov = got;
  assert(recvmsg(served, &m, 0) == 5);
  assert(memcmp(in1, "ab", 2) == 0 && memcmp(in2, "cde", 3) == 0 && m.msg_flags == 0);
  int yes = 1;
  assert(setsockopt(client, IPPROTO_TCP, 1 /* TCP_NODELAY */, &yes, sizeof yes) == 0);
  // The client shuts down its writing: the server reads EOF.
  assert(shutdown(client, SHUT_WR) == 0);
  assert(read(served, buf, sizeof buf) == 0);
  close(client);
  close(served);
  close(listener);
  // The port is free again once its listener is closed.
  int again = socket(AF_INET, SOCK_STREAM, 0);
  assert(bind(again, (struct sockaddr *)&a, sizeof a) == 0);
  close(again);
}

static void unixBacklog(void) {
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  snprintf(a.sun_path, sizeof a.sun_path, "lockstep-test-semantics");
  int listener = socket(AF_UNIX, SOCK_STREAM, 0);
  // A missing path: ENOENT.
  assert(connect(listener, (struct sockaddr *)&a, sizeof a) == -1 && errno == ENOENT);
  assert(bind(listener, (struct sockaddr *)&a, sizeof a) == 0);
  // The file exists and nobody listens: ECONNREFUSED; a second bind: EADDRINUSE.
  int client = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  assert(connect(client, (struct sockaddr *)&a, sizeof a) == -1 && errno == ECONNREFUSED);
  assert(bind(client, (struct sockaddr *)&a, sizeof a) == -1 && errno == EADDRINUSE);
  // A backlog of 0 queues one connection; a non-blocking connect beyond says EAGAIN.
  assert(listen(listener, 0) == 0);
  assert(connect(client, (struct sockaddr *)&a, sizeof a) == 0);
  int second = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  assert(connect(second, (struct sockaddr *)&a, sizeof a) == -1 && errno == EAGAIN);
  int served = accept(listener, NULL, NULL);
  assert(served >= 0);
  assert(connect(client, (struct sockaddr *)&a, sizeof a) == -1 && errno == EISCONN);
  // Room again: the second connects.
  assert(connect(second, (struct sockaddr *)&a, sizeof a) == 0);
  // The listener closes with the second still queued: the second reads EOF.
  close(listener);
  char c;
  assert(read(second, &c, 1) <= 0);
  assert(write(client, "x", 1) == 1 && read(served, &c, 1) == 1 && c == 'x');
  close(second);
  close(client);
  close(served);
  unlink(a.sun_path);
}

int main(void) {
  tcp();
  unixBacklog();
  return 0;
}
