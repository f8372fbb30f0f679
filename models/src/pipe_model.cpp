// The pipe and FIFO model (pipe(7), fifo(7), Linux's fs/pipe.c): a buffer of `capacity` bytes
// with readers and writers (open file descriptions).
//
// - pipe_read (arg: count; target: the description) transfers min(count, buffered) bytes; with
//   an empty buffer it returns 0 (EOF) when no writer is left, EAGAIN when non-blocking, and is
//   otherwise disabled (blocked).
// - pipe_write (arg: count) fails with EPIPE when no reader is left (the runtime raises SIGPIPE).
//   A write of at most PIPE_BUF bytes is atomic: it waits for room for all of them (EAGAIN when
//   non-blocking). A larger one transfers what fits as soon as there is room; a blocking caller
//   then performs another step for the rest (kPipeContinued), so other writers may come in
//   between, exactly where Linux lets them (it holds the pipe while there is room).
// - Under --short-io (kControlShortIo) a transfer of n >= 2 bytes has a second variant moving
//   n / 2 bytes: the short read or write that code assuming whole messages must survive; at most
//   one short read and one short write per pipe and execution, so that loops coping with them do
//   not multiply the executions.
// - pipe_open (arg: access; flags: O_NONBLOCK) joins a FIFO as a reader and/or writer at once,
//   as fifo_open does, and counts the open; a blocking reader without writer (or writer without
//   reader) then waits in pipe_open_wait until the other side's open count changes. A
//   non-blocking writer without reader fails with ENXIO; O_RDWR never waits.
#include "lockstep/models/datagram_model.h"
#include "lockstep/models/descriptors.h"

#include <cerrno>

namespace lockstep::models {
namespace {

bool shortIo(const ControlBlock &cb) { return (cb.flags & kControlShortIo) != 0; }

bool isSocket(const ControlBlock &cb, uint32_t object) {
  return cb.objects[object].family == ObjectFamily::Socket;
}

uint64_t requested(const PendingOp &op) { return op.arg > 0 ? static_cast<uint64_t>(op.arg) : 0; }

// Bytes a read can take now (0: none buffered).
uint64_t readable(const PipeState &p, const PendingOp &op) {
  const uint64_t count = requested(op);
  return count < p.buffered ? count : p.buffered;
}

// Bytes a write can put now, 0 when it must wait for room.
uint64_t writable(const PipeState &p, const PendingOp &op) {
  const uint64_t count = requested(op);
  const uint64_t room = p.capacity > p.buffered ? p.capacity - p.buffered : 0;
  const bool atomic = count <= kPipeBuf && (op.flags & kPipeContinued) == 0;
  if (atomic)
    return room >= count ? count : 0;
  return count < room ? count : room;
}

// The short variant exists when it is really shorter, and only for the first short read (or
// write) of the pipe in the execution: one is enough to break code that assumes whole messages,
// and more would multiply the executions of every loop that copes with them.
uint8_t transferVariants(const ControlBlock &cb, uint64_t amount, bool shortDone) {
  return amount >= 2 && shortIo(cb) && !shortDone ? uint8_t{(1U << kPipeWhole) | (1U << kPipeShort)}
                                                  : uint8_t{1U << kPipeWhole};
}

uint64_t chosenAmount(uint64_t amount, uint8_t variant) {
  return variant == kPipeShort && amount >= 2 ? amount / 2 : amount;
}

// A socket end whose reading was shut down reads EOF once its channel is empty, whatever the
// writers; one whose writing was shut down gets EPIPE (shutdown(2), unix(7)).
bool shutRead(const FileDescriptionRecord &d) { return (d.status & kDescriptionShutRead) != 0; }
bool shutWrite(const FileDescriptionRecord &d) { return (d.status & kDescriptionShutWrite) != 0; }

uint8_t readEnabled(const ControlBlock &cb, const PendingOp &op) {
  const FileDescriptionRecord *d = descriptionOfOp(cb, op);
  if (d != nullptr && (d->access & kDescriptionRead) != 0 && isDatagramPair(cb, d->object))
    return datagramReadEnabled(cb, op, *d);
  if (d == nullptr || (d->access & kDescriptionRead) == 0 || requested(op) == 0)
    return 1; // EBADF, or a read of nothing: decided when applied
  const PipeState &p = *inboundChannel(cb, *d);
  if (p.buffered > 0)
    return transferVariants(cb, readable(p, op), p.shortRead != 0);
  return p.writers == 0 || shutRead(*d) || callNonblocking(*d, op) ? 1 : 0;
}

Outcome readApply(ControlBlock &cb, const PendingOp &op, uint8_t variant) {
  const FileDescriptionRecord *d = descriptionOfOp(cb, op);
  if (d == nullptr || (d->access & kDescriptionRead) == 0)
    return {-EBADF};
  if (isDatagramPair(cb, d->object))
    return datagramReadApply(cb, op, *d);
  if (requested(op) == 0)
    return {0};
  PipeState &p = *inboundChannel(cb, *d);
  if (p.buffered == 0)
    return {p.writers == 0 || shutRead(*d) ? 0 : -EAGAIN};
  const uint64_t n = chosenAmount(readable(p, op), variant);
  p.buffered -= static_cast<uint32_t>(n);
  if (variant == kPipeShort)
    p.shortRead = 1;
  return {static_cast<int64_t>(n)};
}

uint8_t writeEnabled(const ControlBlock &cb, const PendingOp &op) {
  const FileDescriptionRecord *d = descriptionOfOp(cb, op);
  if (d != nullptr && (d->access & kDescriptionWrite) != 0 && isDatagramPair(cb, d->object))
    return datagramWriteEnabled(cb, op, *d);
  if (d == nullptr || (d->access & kDescriptionWrite) == 0 || requested(op) == 0 || shutWrite(*d))
    return 1; // EBADF, nothing to write, or EPIPE
  const PipeState &p = *outboundChannel(cb, *d);
  if (p.readers == 0)
    return 1; // EPIPE
  const uint64_t n = writable(p, op);
  if (n > 0)
    return transferVariants(cb, n, p.shortWrite != 0);
  return callNonblocking(*d, op) ? 1 : 0;
}

Outcome writeApply(ControlBlock &cb, const PendingOp &op, uint8_t variant) {
  const FileDescriptionRecord *d = descriptionOfOp(cb, op);
  if (d == nullptr || (d->access & kDescriptionWrite) == 0)
    return {-EBADF};
  if (isDatagramPair(cb, d->object))
    return datagramWriteApply(cb, op, *d);
  if (requested(op) == 0)
    return {0};
  PipeState &p = *outboundChannel(cb, *d);
  if (p.readers == 0 || shutWrite(*d))
    return {-EPIPE};
  const uint64_t n = chosenAmount(writable(p, op), variant);
  if (n == 0)
    return {-EAGAIN};
  p.buffered += static_cast<uint32_t>(n);
  if (variant == kPipeShort)
    p.shortWrite = 1;
  return {static_cast<int64_t>(n)};
}

Outcome openApply(ControlBlock &cb, const PendingOp &op) {
  PipeState &p = cb.objects[op.object].pipe;
  const auto access = static_cast<uint32_t>(op.arg);
  const bool nonblock = (op.flags & kPipeNonblockOpen) != 0;
  const bool reads = (access & kDescriptionRead) != 0;
  const bool writes = (access & kDescriptionWrite) != 0;
  if (writes && !reads && nonblock && p.readers == 0)
    return {-ENXIO};
  if (reads) {
    ++p.readers;
    ++p.readOpens;
  }
  if (writes) {
    ++p.writers;
    ++p.writeOpens;
  }
  if (reads && writes)
    return {0};
  if (reads)
    return {p.writers > 0 || nonblock ? 0 : kPipeOpenWaits};
  return {p.readers > 0 ? 0 : kPipeOpenWaits};
}

uint8_t openWaitEnabled(const ControlBlock &cb, const PendingOp &op) {
  const PipeState &p = cb.objects[op.object].pipe;
  const uint32_t counter = (op.flags & kPipeWaitForWriter) != 0 ? p.writeOpens : p.readOpens;
  return counter != static_cast<uint32_t>(op.arg) ? 1 : 0;
}

bool validPipe(const ControlBlock &cb, uint32_t object) {
  return object < static_cast<uint32_t>(cb.objectCount) && object < kMaxObjects &&
         (cb.objects[object].family == ObjectFamily::Pipe ||
          cb.objects[object].family == ObjectFamily::Socket);
}

} // namespace

PipeState *inboundChannel(ControlBlock &cb, const FileDescriptionRecord &d) {
  ObjectRecord &o = cb.objects[d.object];
  if (o.family != ObjectFamily::Socket)
    return &o.pipe;
  return &o.socketPair.channel[(d.access & kDescriptionSide1) != 0 ? 1 : 0];
}

PipeState *outboundChannel(ControlBlock &cb, const FileDescriptionRecord &d) {
  ObjectRecord &o = cb.objects[d.object];
  if (o.family != ObjectFamily::Socket)
    return &o.pipe;
  return &o.socketPair.channel[(d.access & kDescriptionSide1) != 0 ? 0 : 1];
}

const PipeState *inboundChannel(const ControlBlock &cb, const FileDescriptionRecord &d) {
  return inboundChannel(const_cast<ControlBlock &>(cb), d);
}

const PipeState *outboundChannel(const ControlBlock &cb, const FileDescriptionRecord &d) {
  return outboundChannel(const_cast<ControlBlock &>(cb), d);
}

void socketPairInit(ControlBlock &cb, uint32_t object) {
  for (PipeState &p : cb.objects[object].socketPair.channel) {
    p = PipeState{};
    p.capacity = kPipeDefaultCapacity;
    p.readers = 1;
    p.writers = 1;
  }
}

void pipeInit(ControlBlock &cb, uint32_t object, bool fifo) {
  PipeState &p = cb.objects[object].pipe;
  p = PipeState{};
  p.capacity = kPipeDefaultCapacity;
  p.fifo = fifo ? 1 : 0;
  if (!fifo) {
    p.readers = 1;
    p.writers = 1;
  }
}

void pipeForgetOpen(ControlBlock &cb, uint32_t object, uint32_t access) {
  PipeState &p = cb.objects[object].pipe;
  if ((access & kDescriptionRead) != 0 && p.readers > 0)
    --p.readers;
  if ((access & kDescriptionWrite) != 0 && p.writers > 0)
    --p.writers;
}

uint8_t pipeEnabled(const ControlBlock &cb, int /*agent*/, const PendingOp &op) {
  if (!validPipe(cb, op.object))
    return 1; // pipe_create, pipe_mkfifo: the object exists
              // only after the call
  switch (op.kind) {
  case OpKind::pipe_read:
    return readEnabled(cb, op);
  case OpKind::pipe_write:
    return writeEnabled(cb, op);
  case OpKind::pipe_open_wait:
    return openWaitEnabled(cb, op);
  default:
    return 1;
  }
}

Outcome pipeApply(ControlBlock &cb, int /*agent*/, const PendingOp &op, uint8_t variant) {
  if (!validPipe(cb, op.object))
    return {0};
  switch (op.kind) {
  case OpKind::pipe_read:
    return readApply(cb, op, variant);
  case OpKind::pipe_write:
    return writeApply(cb, op, variant);
  case OpKind::pipe_open:
    return isSocket(cb, op.object) ? Outcome{-ENXIO} : openApply(cb, op);
  default:
    return {0};
  }
}

} // namespace lockstep::models
