// File descriptors and pipes: the descriptor table kept in the control block (open file
// descriptions of modelled kernel objects, and every process's descriptors that refer to them),
// and the models of the Pipe and Descriptor families. AF_UNIX stream socket pairs are two
// pipe-like channels (SocketPairState) and use the same operations.
//
// Linux semantics (open(2), dup(2), fork(2), execve(2), pipe(7)): a descriptor refers to an open
// file description, which holds the access mode and the status flags (O_NONBLOCK), shared by
// every descriptor dup'ed or inherited from it. fork copies every descriptor of the process;
// close removes one; exec closes the FD_CLOEXEC ones; the end of a process closes all. When the
// last descriptor of a description goes, the description is released, and its object learns it
// (a pipe loses a reader or a writer: EOF and EPIPE follow from these counts).
//
// The table is plain data in the control block, so every process's scheduler can decide the
// enabledness of any agent's pipe operation. The runtime changes it while its agent holds the
// turn (after the real pipe/open/dup returned the descriptor numbers); the models change it in
// the steps that close descriptors (fd_close, process_exit, process_exec).
#pragma once

#include "lockstep/models/model.h"

namespace lockstep::models {

inline constexpr uint32_t kNoDescription = 0xffffffffU;

// --- The descriptor table -----------------------------------------------------------------------

// Index of process's descriptor fd in cb.descriptors, or -1.
int findDescriptor(const ControlBlock &cb, int process, int fd);
// The description process's fd refers to, or kNoDescription when fd is not a modelled descriptor.
uint32_t descriptionAt(const ControlBlock &cb, int process, int fd);

// The open description a pending operation names (its target), when it is open and on the
// operation's object; nullptr otherwise.
const FileDescriptionRecord *descriptionOfOp(const ControlBlock &cb, const PendingOp &op);
// A new description of object with no descriptor yet; kNoDescription when the table is full.
// The object's own counts (a pipe's readers and writers) are the caller's business.
uint32_t openDescription(ControlBlock &cb, uint32_t object, uint32_t access, uint32_t status);
// process's fd now refers to description (replacing what it referred to, which is released as
// by close). False when the table is full.
bool addDescriptor(ControlBlock &cb, int process, int fd, uint32_t description, uint32_t flags);
// close(fd) in process: false when fd was not a modelled descriptor.
bool closeDescriptor(ControlBlock &cb, int process, int fd);
// The end of a process (every descriptor) or its exec (the FD_CLOEXEC ones).
void closeProcessDescriptors(ControlBlock &cb, int process, bool onlyCloexec);
// fork: the child gets a copy of every descriptor of the parent (same descriptions). False
// when the table is full.
bool cloneDescriptors(ControlBlock &cb, int fromProcess, int toProcess);
// A description whose descriptors are all gone: its object loses an opener.
void releaseDescription(ControlBlock &cb, uint32_t description);

// --- Pipes and FIFOs ----------------------------------------------------------------------------

inline constexpr uint32_t kPipeBuf = 4096;              // PIPE_BUF: atomic writes up to this
inline constexpr uint32_t kPipeDefaultCapacity = 65536; // pipe(7)
inline constexpr uint32_t kPipeMaxCapacity = 1048576;   // /proc/sys/fs/pipe-max-size default
inline constexpr uint8_t kPipeWhole = 0;                // variant: all that can be transferred
inline constexpr uint8_t kPipeShort = 1;                // variant: half of it (--short-io)
inline constexpr uint32_t kPipeContinued = 1;           // pipe_write flags: a later chunk
inline constexpr uint32_t kPipeNonblockOpen = 1;        // pipe_open flags: O_NONBLOCK
inline constexpr uint32_t kPipeWaitForWriter = 1;       // pipe_open_wait flags (else: reader)
inline constexpr int64_t kPipeOpenWaits = 1;            // pipe_open result: wait for the peer
inline constexpr uint32_t kPipeCallNonblock = 2;        // pipe_read/pipe_write flags: MSG_DONTWAIT

// A data call that does not wait: the description's O_NONBLOCK, or this call's MSG_DONTWAIT.
inline bool callNonblocking(const FileDescriptionRecord &d, const PendingOp &op) {
  return (d.status & kDescriptionNonblock) != 0 || (op.flags & kPipeCallNonblock) != 0;
}

// A pipe(2) was created (one reader, one writer) or a FIFO object is first seen (no opener).
void pipeInit(ControlBlock &cb, uint32_t object, bool fifo);
// A socket pair was created: both channels have one reader and one writer.
void socketPairInit(ControlBlock &cb, uint32_t object);
// The channel a description reads from and writes to: the pipe itself, or one direction of a
// socket pair.
PipeState *inboundChannel(ControlBlock &cb, const FileDescriptionRecord &d);
PipeState *outboundChannel(ControlBlock &cb, const FileDescriptionRecord &d);
const PipeState *inboundChannel(const ControlBlock &cb, const FileDescriptionRecord &d);
const PipeState *outboundChannel(const ControlBlock &cb, const FileDescriptionRecord &d);
// A FIFO open that registered (pipe_open) but failed for real: undo its registration.
void pipeForgetOpen(ControlBlock &cb, uint32_t object, uint32_t access);

uint8_t pipeEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome pipeApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

uint8_t descriptorEnabled(const ControlBlock &cb, int agent, const PendingOp &op);
Outcome descriptorApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant);

} // namespace lockstep::models
