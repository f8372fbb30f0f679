// The model of AF_UNIX SOCK_DGRAM sockets from socket(2) (models/src/datagram_socket_model.cpp,
// docs/sockets.md): bound to a path or an abstract name (socket_bind, shared with stream
// sockets), connected to a default peer (socket_connect), sending to a bound socket
// (socket_sendto) and receiving with pipe_read, as on a datagram pair (datagram_model.h). A
// socket's receive queue is its channel 0 in ControlBlock::datagrams; channel 1's `buffered` and
// `capacity` are its send memory charge and SO_SNDBUF; SocketState::backlog is its receive queue
// limit (max_dgram_qlen when it was created), SocketState::listener its connected peer (an
// object, kNoObject when unconnected: Linux connects to a socket, not to a name).
#pragma once

#include "lockstep/models/model.h"

namespace lockstep::models {

// socket_sendto's result when no socket is bound at an AF_UNIX path: the runtime says ENOENT or
// ECONNREFUSED from whether the file exists (a send's success is its length, so not
// kSocketNoListener).
inline constexpr int64_t kDatagramNoReceiver = -3000000;

// A datagram socket from socket(2) (not a pair).
bool isDatagramSocket(const ControlBlock &cb, uint32_t object);

// After socketInit: makes the socket a datagram socket with SO_SNDBUF sendBuffer and a receive
// queue limit of maxQueue datagrams (the queue is full above it, as unix_recvq_full says).
void datagramSocketInit(ControlBlock &cb, uint32_t object, uint32_t sendBuffer, uint32_t maxQueue);

// socket_connect on a datagram socket (arg: the address, 0 for AF_UNSPEC) and socket_sendto.
Outcome datagramConnectApply(ControlBlock &cb, const PendingOp &op);
uint8_t datagramSendEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome datagramSendApply(ControlBlock &cb, int agent, const PendingOp &op);

// The socket a socket_sendto sends to (after a successful apply), or kNoObject.
uint32_t datagramSendReceiver(const ControlBlock &cb, const PendingOp &op);

// Autobind (bind with no name, unix(7)): the abstract name "%05x" of the lowest number whose name
// no socket holds (Linux picks the five hex digits from a counter; the lowest free one keeps the
// name deterministic per schedule). 0 when all are taken (ENOSPC). autobindName writes number's
// name.
inline constexpr int kAutobindNameLength = 5;
void autobindName(uint32_t number, char name[kAutobindNameLength + 1]);
uint64_t datagramAutobindAddress(const ControlBlock &cb);

// The bound datagram socket at address, or kNoObject.
uint32_t datagramBoundAt(const ControlBlock &cb, uint64_t address);

// Whether `object` is a datagram socket connected to a live peer whose queue is full and which is
// not connected back to it (unix_dgram_poll then reports no POLLOUT).
bool datagramPeerFull(const ControlBlock &cb, uint32_t object);

} // namespace lockstep::models
