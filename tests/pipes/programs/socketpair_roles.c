// Two peers on the ends of a socket pair decide who speaks first: the first to register becomes
// the listener (it waits for the other's hello, then answers), the other speaks first. The
// registry is a flag in shared memory under a process-shared mutex.
// Bug: a peer checks the flag in one critical section and sets it in a later one. When both
// check before either sets, both become listeners and both read first: a deadlock.
//   P1: lock, taken=0 -> listener, unlock ..................... lock, taken=1, unlock, recv ...
//   P2:                                    lock, taken=0 -> listener, unlock, ..., recv ...
// In the default order P1 registers completely before P2 looks, and P2 speaks first.
// expect: exit 1, deadlock (both peers wait in pipe_read on the socket pair); fixed twin:
// socketpair_roles_fixed.c (checks and sets in one critical section).
#include "pipes.h"

#include <pthread.h>
#include <sys/mman.h>
#include <sys/socket.h>

struct registry {
  pthread_mutex_t lock;
  int taken; // a peer has become the listener
};

static int become_listener(struct registry *r) {
  pthread_mutex_lock(&r->lock);
  const int listener = !r->taken;
#ifdef FIXED
  r->taken = 1;
  pthread_mutex_unlock(&r->lock);
#else
  pthread_mutex_unlock(&r->lock);
  pthread_mutex_lock(&r->lock); // BUG: the role is claimed apart from the check
  r->taken = 1;
  pthread_mutex_unlock(&r->lock);
#endif
  return listener;
}

static void peer(struct registry *r, int fd) {
  int message = 0;
  if (become_listener(r)) {
    if (read_full(fd, &message, sizeof message) != sizeof message) // the other's hello
      exit(2);
    message += 1;
    write_full(fd, &message, sizeof message); // the answer
  } else {
    message = 41;
    write_full(fd, &message, sizeof message);
    if (read_full(fd, &message, sizeof message) != sizeof message || message != 42)
      exit(3);
  }
  exit(0);
}

int main(void) {
  struct registry *r =
      mmap(NULL, sizeof *r, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (r == MAP_FAILED)
    return 99;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(&r->lock, &attr);
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
    return 99;
  for (int i = 0; i < 2; ++i) {
    if (fork() == 0)
      peer(r, sv[i]); // (the unused ends stay open: nobody waits for EOF)
  }
  reap_children(2);
  return 0;
}
