// Sockets Lockstep does not model (here AF_UNIX SOCK_SEQPACKET; stream sockets are modelled:
// tests/sockets) stop the run with an `unsupported` verdict that names the call, instead of
// letting it run outside the scheduler.
#include <sys/socket.h>

int main(void) {
  int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  return fd >= 0 ? 0 : 1;
}
