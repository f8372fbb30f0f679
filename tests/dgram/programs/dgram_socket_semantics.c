// The Linux semantics of AF_UNIX datagram sockets from socket(2), in one process: every line it
// prints is the kernel's answer (it passes natively) and must be Lockstep's too (tests/dgram
// compares the two outputs). Covers bind (path, abstract, autobind, EADDRINUSE, EINVAL),
// sendto/recvfrom with addresses (the sender's name, an unbound sender's empty one), ENOTCONN,
// ENOENT, ECONNREFUSED, EPROTOTYPE, EPERM, EPIPE, EOPNOTSUPP, connect and AF_UNSPEC, MSG_PEEK,
// MSG_TRUNC, the receive queue limit (max_dgram_qlen), poll, the close of a receiver, and a
// datagram pair's purge on ECONNREFUSED (unix_dgram_disconnected). Names carry the pid, so two
// runs cannot collide; paths are relative to the working directory and removed at the end.
#include "dgram.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char r_path[64], s_path[64], st_path[64], q_name[64], a_name[64], p_name[64], e_name[64];

static void report(const char *what, long rc) {
  printf("%s: %ld %s\n", what, rc, rc < 0 ? strerror(errno) : "");
}

static long send_to(int fd, const char *name, const char *data, size_t n, int flags) {
  struct sockaddr_un a;
  socklen_t len = unix_address(&a, name);
  return (long)sendto(fd, data, n, flags, (struct sockaddr *)&a, len);
}

static long connect_to(int fd, const char *name) {
  struct sockaddr_un a;
  socklen_t len = unix_address(&a, name);
  return connect(fd, (struct sockaddr *)&a, len);
}

static int readable(int fd) {
  struct pollfd p = {fd, POLLIN | POLLOUT, 0};
  assert(poll(&p, 1, 0) >= 0);
  return p.revents;
}

static unsigned max_queue(void) {
  FILE *f = fopen("/proc/sys/net/unix/max_dgram_qlen", "r");
  unsigned n = 10;
  if (f != NULL) {
    assert(fscanf(f, "%u", &n) == 1);
    fclose(f);
  }
  return n;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int pid = (int)getpid();
  snprintf(r_path, sizeof r_path, "lockstep-dgram-r-%d", pid);
  snprintf(s_path, sizeof s_path, "lockstep-dgram-s-%d", pid);
  snprintf(st_path, sizeof st_path, "lockstep-dgram-st-%d", pid);
  snprintf(q_name, sizeof q_name, "@lockstep-dgram-q-%d", pid);
  snprintf(a_name, sizeof a_name, "@lockstep-dgram-a-%d", pid);
  snprintf(p_name, sizeof p_name, "@lockstep-dgram-p-%d", pid);
  snprintf(e_name, sizeof e_name, "@lockstep-dgram-e-%d", pid);
  char buf[64];

  // An unbound, unconnected socket.
  int u = dgram_socket(NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
  assert(u >= 0);
  report("recv on an empty queue", recv(u, buf, sizeof buf, 0));
  report("send unconnected", send(u, "x", 1, 0));
  report("sendto a missing path", send_to(u, "lockstep-dgram-none", "x", 1, 0));
  report("sendto a missing abstract name", send_to(u, "@lockstep-dgram-none", "x", 1, 0));
  report("poll unbound", readable(u));
  report("listen", listen(u, 1));

  // Binding.
  int r = dgram_socket(r_path, 0);
  assert(r >= 0);
  report("bind again", dgram_socket(r_path, 0));
  report("bind again errno is EADDRINUSE", errno == EADDRINUSE);
  struct sockaddr_un a;
  socklen_t alen = unix_address(&a, s_path);
  report("second bind of one socket", bind(r, (struct sockaddr *)&a, alen));

  // An unbound sender: the receiver sees no name.
  report("sendto from unbound", send_to(u, r_path, "hello", 5, 0));
  struct sockaddr_un from;
  socklen_t flen = sizeof from;
  report("recvfrom", recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen));
  report("unbound sender's address length", flen);

  // A bound sender: its path.
  int s = dgram_socket(s_path, 0);
  assert(s >= 0);
  report("sendto from a path", send_to(s, r_path, "", 0, 0));
  flen = sizeof from;
  report("recvfrom a zero-length datagram",
         recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen));
  report("sender's path is right", flen == alen && strcmp(from.sun_path, s_path) == 0);

  // An abstract sender: its name, as bound.
  int q = dgram_socket(q_name, SOCK_NONBLOCK);
  assert(q >= 0);
  report("sendto from an abstract name", send_to(q, r_path, "abc", 3, 0));
  flen = sizeof from;
  report("recvfrom", recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen));
  struct sockaddr_un qa;
  socklen_t qlen = unix_address(&qa, q_name);
  report("abstract sender's name is right", flen == qlen && memcmp(&from, &qa, qlen) == 0);
  flen = sizeof from;
  report("getsockname of the abstract socket", getsockname(q, (struct sockaddr *)&from, &flen));
  report("its name is right", flen == qlen && memcmp(&from, &qa, qlen) == 0);

  // Autobind: a five-hex-digit abstract name, which the receiver can answer.
  int b = socket(AF_UNIX, SOCK_DGRAM, 0);
  struct sockaddr_un none = {.sun_family = AF_UNIX};
  report("autobind", bind(b, (struct sockaddr *)&none, sizeof(sa_family_t)));
  flen = sizeof from;
  report("getsockname", getsockname(b, (struct sockaddr *)&from, &flen));
  report("autobound name length", flen);
  report("sendto from autobound", send_to(b, r_path, "?", 1, 0));
  flen = sizeof from;
  report("recvfrom", recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &flen));
  report("reply to the autobound name", sendto(r, "!", 1, 0, (struct sockaddr *)&from, flen));
  report("the reply arrives", recv(b, buf, sizeof buf, MSG_DONTWAIT));
  report("sendto an unnamed address",
         sendto(b, "x", 1, 0, (struct sockaddr *)&none, sizeof(sa_family_t)));

  // MSG_PEEK and MSG_TRUNC.
  report("sendto", send_to(u, r_path, "0123456789", 10, 0));
  report("peek", recv(r, buf, sizeof buf, MSG_PEEK | MSG_DONTWAIT));
  report("MSG_TRUNC length", recv(r, buf, 4, MSG_TRUNC));
  report("then empty", recv(r, buf, sizeof buf, MSG_DONTWAIT));
  report("sendto", send_to(u, r_path, "0123456789", 10, 0));
  struct iovec iov = {buf, 3};
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
  report("recvmsg truncated", recvmsg(r, &m, 0));
  report("msg_flags MSG_TRUNC", (m.msg_flags & MSG_TRUNC) != 0);

  // connect: a default peer; sendto elsewhere still works; getpeername.
  report("connect s to r", connect_to(s, r_path));
  report("send", send(s, "c", 1, 0));
  report("sendto q while connected", send_to(s, q_name, "d", 1, 0));
  report("q receives", recv(q, buf, sizeof buf, MSG_DONTWAIT));
  flen = sizeof from;
  report("getpeername", getpeername(s, (struct sockaddr *)&from, &flen));
  report("peer is r", strcmp(from.sun_path, r_path) == 0);
  report("r receives", recv(r, buf, sizeof buf, MSG_DONTWAIT));

  // A receiver connected elsewhere refuses others: EPERM (unix_may_send), for sendto and connect.
  int e = dgram_socket(e_name, SOCK_NONBLOCK);
  assert(e >= 0);
  report("connect q to s (connected to r)", connect_to(q, s_path));
  report("connect e to q", connect_to(e, q_name));
  report("sendto e from r", send_to(r, e_name, "x", 1, 0));
  report("connect u to e", connect_to(u, e_name));
  report("sendto e from q (its peer)", send_to(q, e_name, "y", 1, 0));
  report("e receives", recv(e, buf, sizeof buf, MSG_DONTWAIT));
  report("e sends to q", send(e, "y", 1, 0));
  report("q receives", recv(q, buf, sizeof buf, MSG_DONTWAIT));

  // The receive queue limit: more than max_dgram_qlen queued datagrams make senders wait (EAGAIN
  // when non-blocking) unless the receiver is connected to the sender.
  int p = dgram_socket(p_name, 0);
  int w = dgram_socket(NULL, SOCK_NONBLOCK);
  report("connect w to p", connect_to(w, p_name));
  unsigned n = 0;
  while (send(w, "z", 1, 0) == 1)
    n++;
  report("send to a full queue", -1);
  report("queue held max_dgram_qlen + 1", n == max_queue() + 1);
  report("poll a sender to a full peer", readable(w));
  report("poll the full receiver", readable(p));
  report("sendto the full receiver", send_to(u, p_name, "x", 1, MSG_DONTWAIT));
  report("recv", recv(p, buf, sizeof buf, MSG_DONTWAIT));
  report("poll the sender", readable(w));
  report("send again", send(w, "z", 1, 0));

  // The receiver's close: its queue goes; a connected sender gets ECONNREFUSED once (and its own
  // queue is purged), then ENOTCONN; a sender by name ECONNREFUSED (the file remains).
  close(p);
  report("poll the sender after the close", readable(w));
  report("send to the closed peer", send(w, "z", 1, 0));
  report("send again", send(w, "z", 1, 0));
  report("connect s to r again", connect_to(s, r_path));
  report("r sends to s", send_to(r, s_path, "1", 1, 0));
  close(r);
  report("sendto the closed receiver's path", send_to(u, r_path, "x", 1, 0));
  report("s sends to the closed peer", send(s, "x", 1, 0));
  report("s's own queue was purged", recv(s, buf, sizeof buf, MSG_DONTWAIT));

  // AF_UNSPEC dissolves a connection.
  report("connect u to e (connected to q)", connect_to(u, e_name));
  report("connect b to s (disconnected by ECONNREFUSED)", connect_to(b, s_path));
  struct sockaddr unspec = {.sa_family = AF_UNSPEC};
  report("connect AF_UNSPEC", connect(b, &unspec, sizeof unspec));
  report("send after AF_UNSPEC", send(b, "x", 1, 0));
  flen = sizeof from;
  report("getpeername", getpeername(b, (struct sockaddr *)&from, &flen));

  // Stream sockets at the name: EPROTOTYPE, and one namespace.
  int st = socket(AF_UNIX, SOCK_STREAM, 0);
  alen = unix_address(&a, st_path);
  assert(bind(st, (struct sockaddr *)&a, alen) == 0 && listen(st, 1) == 0);
  report("sendto a stream listener", send_to(u, st_path, "x", 1, 0));
  report("connect to a stream listener", connect_to(u, st_path));
  report("bind at the stream's path", dgram_socket(st_path, 0));
  int st2 = socket(AF_UNIX, SOCK_STREAM, 0);
  report("stream connect to a datagram socket", connect_to(st2, s_path));

  // shutdown: SHUT_RD of the receiver, SHUT_WR of the sender: EPIPE.
  int t = dgram_socket(a_name, 0);
  report("shutdown SHUT_RD", shutdown(t, SHUT_RD));
  report("sendto it", send_to(u, a_name, "x", 1, 0));
  report("recv after SHUT_RD", recv(t, buf, sizeof buf, 0));
  report("shutdown SHUT_WR", shutdown(u, SHUT_WR));
  report("sendto after SHUT_WR", send_to(u, s_path, "x", 1, 0));

  // A datagram pair: ECONNREFUSED purges the sender's own queue too.
  int sv[2];
  assert(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
  report("pair send", send(sv[1], "a", 1, 0));
  close(sv[1]);
  report("queued after the peer's close", recv(sv[0], buf, sizeof buf, MSG_PEEK | MSG_DONTWAIT));
  report("pair send to the closed peer", send(sv[0], "b", 1, 0));
  report("own queue purged", recv(sv[0], buf, sizeof buf, MSG_DONTWAIT));

  unlink(r_path);
  unlink(s_path);
  unlink(st_path);
  printf("done\n");
  return 0;
}
