/* Benchmark program: the cost of one visible step of each IPC mechanism. Usage:
 *   ipc_step MECHANISM MODE M
 * MECHANISM: mutex, sem, pipe, socketpair, tcp (a loopback connection), mq. MODE:
 * - loop: one process does M round trips on its own object (mutex: lock + unlock; sem: post +
 *   wait; pipe, socketpair, tcp, mq: write one byte + read it back): 2 visible steps per round trip
 *   and no handoff, so the figure is the model's and the interceptor's cost;
 * - pingpong: parent and child pass a token M times (the parent sends, the child answers):
 *   4 visible steps per round trip, 2 of which hand the turn to the other process. (Not for
 *   mutex: a mutex cannot pass a token.)
 * Every object is created by the program and removed before it exits. */
#include <fcntl.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* A one-way channel: send a byte on tx, receive one on rx. */
struct channel {
  int rx, tx;         /* pipe, socketpair */
  mqd_t mq;           /* mq */
  sem_t *sem;         /* sem */
  pthread_mutex_t *m; /* mutex (loop only) */
};

enum mechanism { MUTEX, SEM, PIPE, SOCKETPAIR, TCP, MQ };

static void *shared(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    exit(2);
  return p;
}

/* A loopback TCP connection: tx is the connecting end, rx the accepted one. */
static void tcp_connection(int fds[2]) {
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t length = sizeof address;
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0 || bind(listener, (struct sockaddr *)&address, sizeof address) != 0 ||
      listen(listener, 1) != 0 || getsockname(listener, (struct sockaddr *)&address, &length) != 0)
    exit(2);
  fds[1] = socket(AF_INET, SOCK_STREAM, 0);
  if (fds[1] < 0 || connect(fds[1], (struct sockaddr *)&address, sizeof address) != 0)
    exit(2);
  fds[0] = accept(listener, NULL, NULL);
  if (fds[0] < 0)
    exit(2);
  close(listener);
}

static struct channel open_channel(enum mechanism k, int index) {
  struct channel c;
  memset(&c, 0, sizeof c);
  int fds[2];
  switch (k) {
  case MUTEX: {
    c.m = shared(sizeof *c.m);
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(c.m, &a);
    break;
  }
  case SEM:
    c.sem = shared(sizeof *c.sem);
    sem_init(c.sem, 1, 0);
    break;
  case PIPE:
    if (pipe(fds) != 0)
      exit(2);
    c.rx = fds[0];
    c.tx = fds[1];
    break;
  case SOCKETPAIR:
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0)
      exit(2);
    c.rx = fds[0];
    c.tx = fds[1];
    break;
  case TCP:
    tcp_connection(fds);
    c.rx = fds[0];
    c.tx = fds[1];
    break;
  case MQ: {
    char name[64];
    snprintf(name, sizeof name, "/lockstep-bench-%d-%d", (int)getpid(), index);
    struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 1};
    c.mq = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
    if (c.mq == (mqd_t)-1)
      exit(2);
    mq_unlink(name); /* the descriptors keep the queue alive */
    break;
  }
  }
  return c;
}

static void send_token(enum mechanism k, struct channel *c) {
  char b = 1;
  switch (k) {
  case MUTEX:
    pthread_mutex_lock(c->m);
    break;
  case SEM:
    sem_post(c->sem);
    break;
  case PIPE:
  case SOCKETPAIR:
  case TCP:
    if (write(c->tx, &b, 1) != 1)
      exit(3);
    break;
  case MQ:
    if (mq_send(c->mq, &b, 1, 0) != 0)
      exit(3);
    break;
  }
}

static void receive_token(enum mechanism k, struct channel *c) {
  char b;
  switch (k) {
  case MUTEX:
    pthread_mutex_unlock(c->m);
    break;
  case SEM:
    sem_wait(c->sem);
    break;
  case PIPE:
  case SOCKETPAIR:
  case TCP:
    if (read(c->rx, &b, 1) != 1)
      exit(3);
    break;
  case MQ:
    if (mq_receive(c->mq, &b, 1, NULL) != 1)
      exit(3);
    break;
  }
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: ipc_step mutex|sem|pipe|socketpair|tcp|mq loop|pingpong M\n");
    return 2;
  }
  static const char *names[] = {"mutex", "sem", "pipe", "socketpair", "tcp", "mq"};
  int k = -1;
  for (int i = 0; i < 6; ++i)
    if (strcmp(argv[1], names[i]) == 0)
      k = i;
  const int pingpong = strcmp(argv[2], "pingpong") == 0;
  const long rounds = atol(argv[3]);
  if (k < 0 || (k == MUTEX && pingpong)) {
    fprintf(stderr, "ipc_step: unknown mechanism or mode\n");
    return 2;
  }
  struct channel there = open_channel(k, 0);
  if (!pingpong) {
    for (long i = 0; i < rounds; ++i) {
      send_token(k, &there);
      receive_token(k, &there);
    }
    return 0;
  }
  struct channel back = open_channel(k, 1);
  const pid_t child = fork();
  if (child < 0)
    return 2;
  if (child == 0) {
    for (long i = 0; i < rounds; ++i) {
      receive_token(k, &there);
      send_token(k, &back);
    }
    _exit(0);
  }
  for (long i = 0; i < rounds; ++i) {
    send_token(k, &there);
    receive_token(k, &back);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
