// Creates a POSIX message queue (name argv[1]), a System V semaphore set (key argv[2]) and a
// System V message queue (key argv[2] + 1) and exits without removing them: the checker must remove
// both after every execution. P1 also sends a message, so that there is something to explore (two
// executions). expect: exit 0, nothing left behind.
#include "mq.h"

#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(int argc, char **argv) {
  if (argc != 3)
    return 97;
  struct mq_attr attr = {0};
  attr.mq_maxmsg = 2;
  attr.mq_msgsize = 8;
  mqd_t q = mq_open(argv[1], O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
  if (q == (mqd_t)-1)
    return 98; // left over from an earlier execution
  int set = semget((key_t)atoi(argv[2]), 1, IPC_CREAT | IPC_EXCL | 0600);
  if (set < 0)
    return 96;
  if (msgget((key_t)atoi(argv[2]) + 1, IPC_CREAT | IPC_EXCL | 0600) < 0)
    return 95;
  if (fork() == 0) {
    mq_send(q, "x", 2, 0);
    _exit(0);
  }
  mq_send(q, "y", 2, 0);
  reap_children(1);
  return 0;
}
