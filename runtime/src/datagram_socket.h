// AF_UNIX SOCK_DGRAM sockets from socket(2) (datagram_socket.cpp, docs/sockets.md): creation,
// bind, connect, names and options. Their data calls are datagram_io.cpp's.
#pragma once

#include <cstdint>
#include <sys/socket.h>

namespace lockstep::runtime {

// socket(AF_UNIX, SOCK_DGRAM [| SOCK_NONBLOCK | SOCK_CLOEXEC], 0).
int makeDatagramSocket(int type, const void *pc);
int bindDatagramSocket(int fd, uint32_t description, const struct sockaddr *address,
                       socklen_t length, const void *pc);
int connectDatagramSocket(int fd, uint32_t description, const struct sockaddr *address,
                          socklen_t length, const void *pc);
// getsockname, getpeername: the kernel's answer, abstract names as the program gave them.
int datagramSocketName(int fd, struct sockaddr *address, socklen_t *length, bool peer);
// setsockopt: SO_SNDBUF changes and SO_PASSCRED are refused, the rest goes to the kernel.
int datagramSetOption(int fd, int level, int name, const void *value, socklen_t length,
                      const void *pc);

// Whether the description is a datagram socket from socket(2).
bool isDatagramSocketDescription(uint32_t description);

} // namespace lockstep::runtime
