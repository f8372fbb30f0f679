// The runtime's side of the descriptor table (models/include/lockstep/models/descriptors.h): a
// process-local cache from descriptor numbers to descriptions, so that read and write on a
// descriptor Lockstep does not model (a regular file, the terminal) forward at once; and the
// registration of the descriptors a real pipe, open or dup just returned. Process memory is
// copied by fork and dropped by exec, exactly like a descriptor table, and the cache is rebuilt
// from the control block whenever it belongs to another process (after fork or exec).
#pragma once

#include "control_block.h"

#include <sys/stat.h>

namespace lockstep::runtime {

// The description the calling process's fd refers to, kNoDescription (models) when fd is not a
// modelled descriptor.
uint32_t localDescription(int fd);

// Records fd -> description in the control block and the cache (the agent holds the turn).
// Stops the execution with an Unsupported verdict when the table is full.
void registerDescriptor(int fd, uint32_t description, uint32_t flags);
// A new description of object; stops the execution when the table is full.
uint32_t newDescription(uint32_t object, uint32_t access, uint32_t status);
// The cache forgets fd (after the model closed it).
void forgetDescriptor(int fd);

// The pipe object of a kernel pipe or FIFO (its device and inode), created when first seen.
// `fresh` says whether it was created now (or reset: a new pipe on a reused inode).
uint32_t pipeObject(const struct stat &st, bool reset, bool fifo, const char *where, bool *fresh);
// The socket pair object of an AF_UNIX stream socket pair (named by its first end's inode),
// always created afresh.
uint32_t socketPairObject(const struct stat &st);
// The socket object of a real socket from socket(2) (sockets: intercept_socket.cpp), created
// afresh, of the domain the program asked for.
uint32_t socketObject(const struct stat &st, int domain);
// After an fd_close step on object: marks the step kStepKeptAddresses unless it released a
// socket that held an address (sockets' dependence rule).
void noteClosedSocket(uint32_t object);
// Makes a real socket's buffers larger than the model's channels, so that the kernel never finds
// them full before the model does.
void enlargeRealSocket(int fd);

// The FD_CLOEXEC flag of a modelled descriptor changed (fcntl F_SETFD).
void setDescriptorFlags(int fd, uint32_t flags);

} // namespace lockstep::runtime
