// Sending and receiving on AF_UNIX SOCK_DGRAM socket pairs (runtime/src/datagram_io.cpp): every
// data call on such a pair (read, write, readv, writev, send, recv, sendto, recvfrom, sendmsg,
// recvmsg) comes here as a message, so that a datagram is never split.
#pragma once

#include <cstdint>
#include <sys/socket.h>

namespace lockstep::runtime {

bool isDatagramDescription(uint32_t description);

// send(2) of the message's iovecs as one datagram (callers pass no address: sendto with an
// address goes to the kernel, which says EISCONN on a connected pair).
ssize_t datagramSend(int fd, uint32_t description, const struct msghdr &message, int flags,
                     const void *pc);

// recv(2) of one datagram into the message's iovecs (msg_flags gets MSG_TRUNC as the kernel says).
ssize_t datagramReceive(int fd, uint32_t description, struct msghdr &message, int flags,
                        const void *pc);

} // namespace lockstep::runtime
