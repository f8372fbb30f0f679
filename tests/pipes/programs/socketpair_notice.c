// An AF_UNIX stream socket pair between a server (the parent) and a client (the child). The
// server first sends a notice, then answers requests until the client shuts down its writing
// side (EOF). The client polls for the notice with MSG_DONTWAIT and assumes that when it is not
// there yet it will never come; when the client polls before the server sent it, the notice is
// later taken for the reply and the client's check fails. The first interleaving (the server
// sends the notice before waiting) is fine. The fixed twin, socketpair_notice_fixed.c, waits
// for the notice before it sends its request, so the notice is never taken for the reply.
#include "pipes.h"

#include <assert.h>
#include <sys/socket.h>

int main(void) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
    return 99;
  if (fork() == 0) {
    close(sv[0]);
    int notice = 0;
#ifdef FIXED
    assert(recv(sv[1], &notice, sizeof notice, MSG_WAITALL) == sizeof notice && notice == -1);
#else
    if (recv(sv[1], &notice, sizeof notice, MSG_DONTWAIT) == sizeof notice) // BUG: may be early
      assert(notice == -1);
#endif
    int request = 21;
    send(sv[1], &request, sizeof request, 0);
    int reply = 0;
    recv(sv[1], &reply, sizeof reply, MSG_WAITALL);
    assert(reply == 42);
    shutdown(sv[1], SHUT_WR);
    close(sv[1]);
    return 0;
  }
  close(sv[1]);
  int notice = -1;
  send(sv[0], &notice, sizeof notice, 0);
  int request = 0;
  while (recv(sv[0], &request, sizeof request, MSG_WAITALL) == sizeof request) {
    int reply = request * 2;
    send(sv[0], &reply, sizeof reply, 0);
  }
  close(sv[0]);
  reap_children(1);
  return 0;
}
