// The model of sockets beyond socketpair (docs/sockets.md): AF_UNIX and loopback TCP stream
// sockets created by socket(2), bound to virtual addresses, listening, connecting and accepting.
// A connection is the client's socket object: two pipe-like channels (SocketState::channel, the
// layout of a socket pair), end 0 the client, end 1 the accepted socket; data then moves with the
// pipe model's pipe_read and pipe_write, so --short-io, EOF, EPIPE and shutdown behave as on a
// socket pair.
//
// Linux semantics followed: socket(7), unix(7), tcp(7), ip(7), bind(2), listen(2), connect(2),
// accept(2). A connection is queued in the listener's accept queue at connect and is usable
// (writes buffer) before accept; the queue holds backlog + 1 connections (the kernel's
// sk_acceptq_is_full and unix_recvq_full both test "more than backlog"); a blocking connect waits
// while it is full, a non-blocking one fails with EAGAIN; accept waits while the queue is empty.
// Addresses are virtual: nothing the program names touches a real port.
#pragma once

#include "lockstep/models/dependence.h"
#include "lockstep/models/model.h"

namespace lockstep::models {

enum SocketRole : uint8_t {
  kSocketConnected = 0, // a connection (or a socket pair): the channels are live
  kSocketFresh = 1,     // created, not bound
  kSocketBound = 2,
  kSocketListening = 3,
  kSocketClosed = 4, // its last descriptor is gone
};

// Virtual addresses (SocketState::local, peer, and the arg of bind and connect): the domain's
// tag in the top byte, then the name. 0 is no address.
inline constexpr uint64_t kAddressUnixPath = uint64_t{1} << 56;     // low bits: path hash
inline constexpr uint64_t kAddressUnixAbstract = uint64_t{3} << 56; // low bits: name hash
inline constexpr uint64_t kAddressInet = uint64_t{2} << 56;         // low 16 bits: the port
inline constexpr uint64_t kAddressInetAny = uint64_t{1} << 32;      // INADDR_ANY, not 127.0.0.1
inline constexpr uint64_t kAddressTagMask = uint64_t{0xff} << 56;
// A path name whose socket file was unlinked while the socket was bound: the socket keeps it
// (getsockname) but nobody reaches it by that path any more (a new bind may take the path).
inline constexpr uint64_t kAddressUnixRemoved = uint64_t{4} << 56;

// True for an AF_UNIX filesystem name (bound at a real path), unlinked or not.
inline bool isUnixPathName(uint64_t address) {
  const uint64_t tag = address & kAddressTagMask;
  return tag == kAddressUnixPath || tag == kAddressUnixRemoved;
}
inline constexpr uint32_t kEphemeralFirst = 32768; // ip_local_port_range's default
inline constexpr uint32_t kEphemeralLast = 60999;
inline constexpr uint32_t kSomaxconn = 4096; // net.core.somaxconn's default

// The hash of an AF_UNIX name (a path made absolute, or an abstract name) as an address.
uint64_t socketNameAddress(bool abstract, const char *name, uint64_t length);
inline uint64_t inetAddress(uint16_t port, bool any) {
  return kAddressInet | (any ? kAddressInetAny : 0) | port;
}
inline uint16_t inetPort(uint64_t address) { return static_cast<uint16_t>(address & 0xffff); }

// socket_connect flags.
inline constexpr uint32_t kSocketCallNonblock = 1; // O_NONBLOCK: EAGAIN (EINPROGRESS for TCP)
inline constexpr uint32_t kSocketTcp = 2;          // AF_INET: a non-blocking connect says so
// socket_connect's result when no socket listens on an AF_UNIX path: the runtime says ENOENT
// or ECONNREFUSED from whether the file exists.
inline constexpr int64_t kSocketNoListener = 1;

// A new socket object (socket_create): fresh, of the domain, with its real inode.
void socketInit(ControlBlock &cb, uint32_t object, int domain, uint64_t realInode);
// The socket's real bind failed after the model bound it: it is fresh again.
void socketForgetBind(ControlBlock &cb, uint32_t object);
// The description's last descriptor is gone (descriptor_model.cpp's releaseDescription): a
// bound or listening socket frees its address; a listener's unaccepted connections lose their
// server end (the client reads EOF and gets EPIPE).
void socketReleased(ControlBlock &cb, const FileDescriptionRecord &d);
// Whether d is a socket endpoint that is not a connection (poll readiness of its own kind), and
// its readiness: a listener is readable while its queue is not empty; an unconnected stream
// socket reports POLLOUT | POLLHUP (AF_UNIX) or POLLHUP (TCP), as unix_poll and tcp_poll do.
bool socketIsEndpoint(const ControlBlock &cb, const FileDescriptionRecord &d);
uint32_t socketEndpointRevents(const ControlBlock &cb, const FileDescriptionRecord &d);
// The address of description d's own end and of its peer (0 when none).
uint64_t socketLocalAddress(const ControlBlock &cb, const FileDescriptionRecord &d);
uint64_t socketPeerAddress(const ControlBlock &cb, const FileDescriptionRecord &d);

uint8_t socketEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome socketApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

// The dependence rule of the Socket family (dependence.cpp): does socket step a conflict with b?
bool socketDependent(const Event &a, const Event &b, const DependenceContext &context);

} // namespace lockstep::models
