// The descriptor table (see descriptors.h) and the model of the Descriptor family: fd_close
// removes a descriptor, fd_dup marks a dup (the runtime adds the new descriptor once the kernel
// chose its number), fd_fcntl changes a description's status flags (F_SETFL) or its object's
// capacity (F_SETPIPE_SZ), fd_shutdown shuts down one direction of a socket pair end.
#include "lockstep/models/datagram_model.h" // SOCK_DGRAM pairs
#include "lockstep/models/descriptors.h"
#include "lockstep/models/epoll_model.h"
#include "lockstep/models/poll_model.h"
#include "lockstep/models/socket_model.h" // sockets

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>

namespace lockstep::models {
namespace {

bool validDescription(const ControlBlock &cb, uint32_t description) {
  return description < static_cast<uint32_t>(cb.descriptionCount) &&
         description < static_cast<uint32_t>(kMaxDescriptions) &&
         cb.descriptions[description].refs > 0;
}

void dropReference(ControlBlock &cb, uint32_t description) {
  if (description >= static_cast<uint32_t>(kMaxDescriptions))
    return;
  FileDescriptionRecord &d = cb.descriptions[description];
  if (d.refs == 0)
    return;
  if (--d.refs == 0)
    releaseDescription(cb, description);
}

void removeAt(ControlBlock &cb, int index) {
  DescriptorRecord &e = cb.descriptors[index];
  const uint32_t description = e.description;
  e.process = -1;
  e.fd = -1;
  e.description = kNoDescription;
  e.flags = 0;
  dropReference(cb, description);
}

int freeDescriptorSlot(ControlBlock &cb) {
  for (int i = 0; i < cb.descriptorCount; ++i) {
    if (cb.descriptors[i].process < 0)
      return i;
  }
  if (cb.descriptorCount >= kMaxDescriptors)
    return -1;
  return cb.descriptorCount++;
}

} // namespace

int findDescriptor(const ControlBlock &cb, int process, int fd) {
  const int count = cb.descriptorCount < kMaxDescriptors ? cb.descriptorCount : kMaxDescriptors;
  for (int i = 0; i < count; ++i) {
    const DescriptorRecord &e = cb.descriptors[i];
    if (e.process == process && e.fd == fd)
      return i;
  }
  return -1;
}

uint32_t descriptionAt(const ControlBlock &cb, int process, int fd) {
  const int index = findDescriptor(cb, process, fd);
  return index < 0 ? kNoDescription : cb.descriptors[index].description;
}

const FileDescriptionRecord *descriptionOfOp(const ControlBlock &cb, const PendingOp &op) {
  const auto d = static_cast<uint32_t>(op.target);
  if (d >= static_cast<uint32_t>(cb.descriptionCount) || d >= kMaxDescriptions ||
      cb.descriptions[d].refs == 0 || cb.descriptions[d].object != op.object)
    return nullptr;
  return &cb.descriptions[d];
}

uint32_t openDescription(ControlBlock &cb, uint32_t object, uint32_t access, uint32_t status) {
  int slot = -1;
  for (int i = 0; i < cb.descriptionCount; ++i) {
    if (cb.descriptions[i].refs == 0) {
      slot = i;
      break;
    }
  }
  if (slot < 0) {
    if (cb.descriptionCount >= kMaxDescriptions)
      return kNoDescription;
    slot = cb.descriptionCount++;
  }
  cb.descriptions[slot] = FileDescriptionRecord{object, 0, access, status};
  return static_cast<uint32_t>(slot);
}

bool addDescriptor(ControlBlock &cb, int process, int fd, uint32_t description, uint32_t flags) {
  if (description >= static_cast<uint32_t>(kMaxDescriptions))
    return false;
  ++cb.descriptions[description].refs; // first, so that replacing fd by itself keeps it alive
  int index = findDescriptor(cb, process, fd);
  if (index >= 0) {
    removeAt(cb, index);
  } else {
    index = freeDescriptorSlot(cb);
    if (index < 0) {
      dropReference(cb, description);
      return false;
    }
  }
  cb.descriptors[index] = DescriptorRecord{process, fd, description, flags};
  return true;
}

bool closeDescriptor(ControlBlock &cb, int process, int fd) {
  const int index = findDescriptor(cb, process, fd);
  if (index < 0)
    return false;
  removeAt(cb, index);
  return true;
}

void closeProcessDescriptors(ControlBlock &cb, int process, bool onlyCloexec) {
  for (int i = 0; i < cb.descriptorCount && i < kMaxDescriptors; ++i) {
    const DescriptorRecord &e = cb.descriptors[i];
    if (e.process == process && (!onlyCloexec || (e.flags & kDescriptorCloexec) != 0))
      removeAt(cb, i);
  }
}

bool cloneDescriptors(ControlBlock &cb, int fromProcess, int toProcess) {
  const int existing = cb.descriptorCount;
  for (int i = 0; i < existing && i < kMaxDescriptors; ++i) {
    const DescriptorRecord e = cb.descriptors[i];
    if (e.process != fromProcess)
      continue;
    const int slot = freeDescriptorSlot(cb);
    if (slot < 0)
      return false;
    cb.descriptors[slot] = DescriptorRecord{toProcess, e.fd, e.description, e.flags};
    ++cb.descriptions[e.description].refs;
  }
  return true;
}

void releaseDescription(ControlBlock &cb, uint32_t description) {
  epollReleaseDescription(cb, description); // epoll: entries watching it, or its interest list
  FileDescriptionRecord &d = cb.descriptions[description];
  const uint32_t object = d.object;
  if (object < static_cast<uint32_t>(cb.objectCount) && object < kMaxObjects &&
      (cb.objects[object].family == ObjectFamily::Pipe ||
       cb.objects[object].family == ObjectFamily::Socket)) {
    PipeState &in = *inboundChannel(cb, d);
    PipeState &out = *outboundChannel(cb, d);
    // What shutdown already gave up is not given up twice.
    if ((d.access & kDescriptionRead) != 0 && (d.status & kDescriptionShutRead) == 0 &&
        in.readers > 0)
      --in.readers;
    if ((d.access & kDescriptionWrite) != 0 && (d.status & kDescriptionShutWrite) == 0 &&
        out.writers > 0)
      --out.writers;
    if (isDatagramPair(cb, object))
      datagramEndClosed(cb, d); // SOCK_DGRAM pairs: its queue goes, its peer is refused
    PipeState *channels[] = {&in, &out};
    for (PipeState *p : channels) {
      if (p->readers == 0 && p->writers == 0)
        p->buffered = 0; // the last close frees the buffer: a FIFO reopened later starts empty
    }
    socketReleased(cb, d); // sockets: a listener or a bound address goes
  }
  d.object = kNoObject;
}

// shutdown(2) of a socket pair end: SHUT_RD makes the other end's writes fail with EPIPE (and
// this end read EOF once empty), SHUT_WR gives the other end EOF once it read what is there.
static Outcome shutdownEnd(ControlBlock &cb, FileDescriptionRecord &d, uint32_t how) {
  if (d.object >= static_cast<uint32_t>(cb.objectCount) ||
      cb.objects[d.object].family != ObjectFamily::Socket)
    return {-ENOTSOCK};
  if (how > SHUT_RDWR)
    return {-EINVAL};
  if ((how == SHUT_RD || how == SHUT_RDWR) && (d.status & kDescriptionShutRead) == 0) {
    PipeState &in = *inboundChannel(cb, d);
    if (in.readers > 0)
      --in.readers;
    d.status |= kDescriptionShutRead;
  }
  if ((how == SHUT_WR || how == SHUT_RDWR) && (d.status & kDescriptionShutWrite) == 0) {
    PipeState &out = *outboundChannel(cb, d);
    if (out.writers > 0)
      --out.writers;
    d.status |= kDescriptionShutWrite;
  }
  return {0};
}

uint8_t descriptorEnabled(const ControlBlock &cb, int agent, const PendingOp &op) {
  if (op.kind == OpKind::fd_poll)
    return pollEnabled(cb, agent, op); // issue 5: polling
  return 1;                            // none of the others blocks
}

// fd_close: arg is the descriptor. fd_fcntl: flags is the command, arg its argument, target the
// description. Results are 0, a value, or a negated errno value.
Outcome descriptorApply(ControlBlock &cb, int agent, const PendingOp &op, uint8_t variant) {
  const int process = cb.agents[agent].process;
  switch (op.kind) {
  case OpKind::fd_poll: // issue 5: polling
    return pollApply(cb, agent, op, variant);
  case OpKind::fd_close:
    return {closeDescriptor(cb, process, static_cast<int>(op.arg)) ? 0 : -EBADF};
  case OpKind::fd_dup:
    return {0};
  case OpKind::fd_shutdown: {
    const auto description = static_cast<uint32_t>(op.target);
    if (!validDescription(cb, description))
      return {-EBADF};
    return shutdownEnd(cb, cb.descriptions[description], op.flags);
  }
  case OpKind::fd_fcntl: {
    const auto description = static_cast<uint32_t>(op.target);
    if (!validDescription(cb, description))
      return {-EBADF};
    FileDescriptionRecord &d = cb.descriptions[description];
    if (op.flags == F_SETFL) {
      d.status = (op.arg & O_NONBLOCK) != 0 ? (d.status | kDescriptionNonblock)
                                            : (d.status & ~kDescriptionNonblock);
      return {0};
    }
    if (op.flags == F_SETPIPE_SZ && d.object < static_cast<uint32_t>(cb.objectCount) &&
        cb.objects[d.object].family == ObjectFamily::Pipe) {
      // fcntl(2): at least a page, rounded up to a power of two; EBUSY below what it holds.
      if (op.arg < 0)
        return {-EINVAL};
      uint64_t size = kPipeBuf;
      while (size < static_cast<uint64_t>(op.arg))
        size <<= 1;
      if (size > kPipeMaxCapacity)
        return {-EPERM};
      PipeState &p = cb.objects[d.object].pipe;
      if (size < p.buffered)
        return {-EBUSY};
      p.capacity = static_cast<uint32_t>(size);
      return {static_cast<int64_t>(size)};
    }
    return {-EINVAL};
  }
  default:
    return {-EINVAL};
  }
}

} // namespace lockstep::models
