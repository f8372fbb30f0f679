/* Unlinking a bound socket's file, checked against Linux (unix(7)): the socket stays bound and
 * listening, but nobody reaches it by that path any more (connect and sendto get ENOENT); a new
 * socket may bind the path again and is reached there; remove(3) and unlinkat(2) act the same.
 * The program prints one line per check: natively and under Lockstep alike.
 * Expected verdict: no bug. */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static struct sockaddr_un pathAddress(const char *name) {
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  snprintf(a.sun_path, sizeof a.sun_path, "%s", name);
  return a;
}

static int bound(int type, const struct sockaddr_un *a) {
  const int fd = socket(AF_UNIX, type, 0);
  assert(fd >= 0);
  assert(bind(fd, (const struct sockaddr *)a, sizeof *a) == 0);
  return fd;
}

static int connectTo(const struct sockaddr_un *a) {
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  assert(fd >= 0);
  if (connect(fd, (const struct sockaddr *)a, sizeof *a) != 0) {
    const int error = errno;
    close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

int main(void) {
  char name[64];
  snprintf(name, sizeof name, "lockstep-unlink-%d", (int)getpid()); /* relative to the cwd */
  const struct sockaddr_un a = pathAddress(name);

  /* A listener whose file is unlinked: ENOENT for a new client; it still holds its name. */
  const int first = bound(SOCK_STREAM, &a);
  assert(listen(first, 4) == 0);
  assert(unlink(name) == 0);
  errno = 0;
  assert(connectTo(&a) == -1 && errno == ENOENT);
  struct sockaddr_un got;
  socklen_t length = sizeof got;
  assert(getsockname(first, (struct sockaddr *)&got, &length) == 0);
  assert(strcmp(got.sun_path, name) == 0);
  printf("unlinked listener: ENOENT, still named\n");

  /* The path is free again: a second listener binds it and is reached there. */
  const int second = bound(SOCK_STREAM, &a);
  assert(listen(second, 4) == 0);
  const int client = connectTo(&a);
  assert(client >= 0);
  const int served = accept(second, NULL, NULL);
  assert(served >= 0);
  assert(write(client, "x", 1) == 1);
  char c = 0;
  assert(read(served, &c, 1) == 1 && c == 'x');
  printf("rebound path: reached the new listener\n");
  close(client);
  close(served);

  /* remove(3) of the second listener's file. */
  assert(remove(name) == 0);
  errno = 0;
  assert(connectTo(&a) == -1 && errno == ENOENT);
  printf("removed listener: ENOENT\n");

  /* A datagram socket's file, with unlinkat(2): sendto then gets ENOENT. */
  const int receiver = bound(SOCK_DGRAM, &a);
  const int sender = socket(AF_UNIX, SOCK_DGRAM, 0);
  assert(sendto(sender, "y", 1, 0, (const struct sockaddr *)&a, sizeof a) == 1);
  assert(unlinkat(AT_FDCWD, name, 0) == 0);
  errno = 0;
  assert(sendto(sender, "z", 1, 0, (const struct sockaddr *)&a, sizeof a) == -1 && errno == ENOENT);
  assert(recv(receiver, &c, 1, 0) == 1 && c == 'y');
  printf("unlinked datagram socket: ENOENT, queued datagram kept\n");

  close(sender);
  close(receiver);
  close(second);
  close(first);
  return 0;
}
