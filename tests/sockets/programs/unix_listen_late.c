// An AF_UNIX stream server on a path in the working directory and a client it forks before it
// binds and listens. The client connects once, without retrying: in the first interleaving the
// server (the parent) binds and listens first and all is well; when the client runs first its
// connect fails (ENOENT before the bind made the file, ECONNREFUSED between bind and listen)
// and its check fails. The fixed twin, unix_listen_late_fixed.c, listens before it forks. The
// socket file is removed by Lockstep after every execution.
#include "sockets.h"

#include <assert.h>
#include <sys/un.h>

static const char kPath[] = "lockstep-test-sock";

int main(void) {
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  memcpy(a.sun_path, kPath, sizeof kPath);
  int server = socket(AF_UNIX, SOCK_STREAM, 0);
#ifdef FIXED
  if (bind(server, (struct sockaddr *)&a, sizeof a) != 0 || listen(server, 1) != 0)
    return 99;
#endif
  if (fork() == 0) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    int rc = connect(fd, (struct sockaddr *)&a, sizeof a); // BUG: the server may not listen yet
    assert(rc == 0);
    char request = 'q';
    assert(write_full(fd, &request, 1) == 1);
    char reply = 0;
    assert(read_full(fd, &reply, 1) == 1 && reply == 'Q');
    return 0;
  }
#ifndef FIXED
  if (bind(server, (struct sockaddr *)&a, sizeof a) != 0 || listen(server, 1) != 0)
    return 99;
#endif
  int c = accept(server, NULL, NULL);
  assert(c >= 0);
  char request = 0;
  assert(read_full(c, &request, 1) == 1);
  char reply = (char)(request - 'a' + 'A');
  assert(write_full(c, &reply, 1) == 1);
  reap_children(1);
  return 0;
}
