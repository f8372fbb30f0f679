// A server (P0) and two clients (P1, P2) share one System V message queue: requests have type 1
// and carry the client's id; the server answers each with a reply whose type is the client's id
// (2 or 3).
// Bug: a client waits for its reply with msgrcv(type 1, MSG_EXCEPT), "anything but a request",
// which takes the other client's reply when both wait:
//   P0: take req(P1), reply type 2 ........................
//   P1: req, wait ...........................................
//   P2:          req, wait ...... takes type 2: assert(reply.id == me) fails
// The default order (P1 takes its reply before P2 sends) is fine.
// expect: exit 1 (assertion `reply.id == id` in P2); fixed twin: sysv_msg_types_fixed.c (each
// client receives by its own type).
#define _GNU_SOURCE // MSG_EXCEPT
#include "mq.h"

#include <assert.h>
#include <sys/ipc.h>
#include <sys/msg.h>

struct message {
  long mtype;
  int id;
};

#define REQUEST 1

static void client(int q, int id) {
  struct message request = {REQUEST, id};
  if (msgsnd(q, &request, sizeof request.id, 0) != 0)
    _exit(2);
  struct message reply;
#ifdef FIXED
  if (msgrcv(q, &reply, sizeof reply.id, id, 0) < 0)
    _exit(3);
#else
  if (msgrcv(q, &reply, sizeof reply.id, REQUEST, MSG_EXCEPT) < 0) // BUG: any client's reply
    _exit(3);
#endif
  assert(reply.id == id);
  _exit(0);
}

int main(void) {
  int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  if (q < 0)
    return 98;
  for (int id = 2; id <= 3; ++id) {
    if (fork() == 0)
      client(q, id);
  }
  for (int i = 0; i < 2; ++i) {
    struct message request;
    if (msgrcv(q, &request, sizeof request.id, REQUEST, 0) < 0)
      return 4;
    struct message reply = {request.id, request.id};
    if (msgsnd(q, &reply, sizeof reply.id, 0) != 0)
      return 5;
  }
  int status = 0;
  int failed = 0;
  for (int i = 0; i < 2; ++i) {
    if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
      failed = 1;
  }
  msgctl(q, IPC_RMID, NULL);
  return failed;
}
