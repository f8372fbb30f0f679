// The model of AF_UNIX SOCK_DGRAM socket pairs (models/src/datagram_model.cpp, docs/sockets.md):
// the channels of such a pair queue whole datagrams (ControlBlock::datagrams) instead of bytes.
// pipe_read and pipe_write on a datagram pair are decided here; the pipe model forwards to it.
// Datagram sockets from socket(2) (datagram_socket_model.cpp) share the receive side: their
// channel 0 is their receive queue, channel 1 their send memory; their sends are socket_sendto.
#pragma once

#include "lockstep/models/model.h"

namespace lockstep::models {

// pipe_write result when the datagram table is full (the runtime refuses the run).
inline constexpr int64_t kDatagramTableFull = -1000000;
// unix_dgram_sendmsg: a datagram longer than the sender's SO_SNDBUF - 32 is EMSGSIZE.
inline constexpr uint32_t kDatagramHeadroom = 32;
// pipe_read flags on a datagram object: MSG_PEEK (the datagram stays queued). kPipeCallNonblock
// is 2.
inline constexpr uint32_t kDatagramPeek = 4;

// A datagram pair, or a datagram socket from socket(2) (both queue datagrams: kObjectDatagram).
bool isDatagramPair(const ControlBlock &cb, uint32_t object);

// A fresh datagram pair: end i's SO_SNDBUF is sendBuffer[i].
void datagramPairInit(ControlBlock &cb, uint32_t object, const uint32_t sendBuffer[2]);

uint8_t datagramReadEnabled(const ControlBlock &cb, const PendingOp &op,
                            const FileDescriptionRecord &d);
Outcome datagramReadApply(ControlBlock &cb, const PendingOp &op, const FileDescriptionRecord &d);
uint8_t datagramWriteEnabled(const ControlBlock &cb, const PendingOp &op,
                             const FileDescriptionRecord &d);
Outcome datagramWriteApply(ControlBlock &cb, const PendingOp &op, const FileDescriptionRecord &d);

// After the real send of the datagram pipe_write just queued on `object`'s `channel`: the kernel
// memory it charges its sender (SIOCOUTQ after minus before).
void datagramSetCost(ControlBlock &cb, uint32_t object, uint32_t channel, uint32_t cost);

// The description's end closed for good (its last reference went): its receive queue is purged,
// which frees its peer's memory, and the peer's sends now fail with ECONNREFUSED.
void datagramEndClosed(ControlBlock &cb, const FileDescriptionRecord &d);

// Drops every datagram queued toward the end that reads `channel`, releasing their senders'
// memory.
void datagramPurge(ControlBlock &cb, uint32_t object, uint32_t channel);

// Queued datagrams toward the end that reads `channel`.
uint32_t datagramsQueued(const ControlBlock &cb, uint32_t object, uint32_t channel);

// poll readiness of a datagram pair end (unix_dgram_poll).
uint32_t datagramRevents(const ControlBlock &cb, const FileDescriptionRecord &d);

} // namespace lockstep::models
