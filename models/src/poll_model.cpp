// The readiness of modelled descriptors and the model of the fd_poll step (poll_model.h).
#include "lockstep/models/poll_model.h"

#include "lockstep/models/datagram_model.h" // SOCK_DGRAM pairs
#include "lockstep/models/descriptors.h"
#include "lockstep/models/epoll_model.h"
#include "lockstep/models/socket_model.h" // sockets

#include <poll.h>

namespace lockstep::models {
namespace {

bool validDescription(const ControlBlock &cb, uint32_t description) {
  return description < static_cast<uint32_t>(cb.descriptionCount) &&
         description < kMaxDescriptions && cb.descriptions[description].refs != 0 &&
         cb.descriptions[description].object < static_cast<uint32_t>(cb.objectCount);
}

uint32_t room(const PipeState &p) { return p.capacity > p.buffered ? p.capacity - p.buffered : 0; }

uint32_t pipeRevents(const ControlBlock &cb, const FileDescriptionRecord &d) {
  uint32_t r = 0;
  if ((d.access & kDescriptionRead) != 0) {
    const PipeState &in = *inboundChannel(cb, d);
    if (in.buffered > 0)
      r |= POLLIN | POLLRDNORM;
    // pipe_poll: no POLLHUP for a FIFO no writer ever opened (its reader's f_version).
    if (in.writers == 0 && (in.fifo == 0 || in.writeOpens > 0))
      r |= POLLHUP;
  }
  if ((d.access & kDescriptionWrite) != 0) {
    const PipeState &out = *outboundChannel(cb, d);
    if (room(out) >= kPipeBuf)
      r |= POLLOUT | POLLWRNORM;
    if (out.readers == 0)
      r |= POLLERR;
  }
  return r;
}

uint32_t socketRevents(const ControlBlock &cb, const FileDescriptionRecord &d) {
  const PipeState &in = *inboundChannel(cb, d);
  const PipeState &out = *outboundChannel(cb, d);
  const bool receiveOver = in.writers == 0 || (d.status & kDescriptionShutRead) != 0;
  const bool sendOver = out.readers == 0 || (d.status & kDescriptionShutWrite) != 0;
  uint32_t r = 0;
  if (in.buffered > 0)
    r |= POLLIN | POLLRDNORM;
  if (receiveOver)
    r |= POLLIN | POLLRDNORM | POLLRDHUP;
  if (room(out) >= kPipeBuf || sendOver)
    r |= POLLOUT | POLLWRNORM;
  if (receiveOver && sendOver)
    r |= POLLHUP;
  return r;
}

// The watched descriptors of agent's pending fd_poll that are ready.
uint32_t readyCount(const ControlBlock &cb, int agent) {
  const OpPayload &payload = cb.payload[agent];
  const int process = cb.agents[agent].process;
  const uint32_t count = payload.count < kPayloadWords ? payload.count : kPayloadWords;
  uint32_t n = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t w = payload.words[i];
    if (pollRevents(cb, process, pollWordFd(w), pollWordEvents(w)) != 0)
      ++n;
  }
  return n;
}

} // namespace

uint32_t pollRevents(const ControlBlock &cb, uint32_t description, uint32_t events) {
  if (!validDescription(cb, description))
    return POLLNVAL;
  const FileDescriptionRecord &d = cb.descriptions[description];
  if (cb.objects[d.object].family == ObjectFamily::Epoll) // an epoll instance: readable when ready
    return epollRevents(cb, d.object) & events;
  const bool socket = cb.objects[d.object].family == ObjectFamily::Socket;
  const uint32_t r = socketIsEndpoint(cb, d)        ? socketEndpointRevents(cb, d) // sockets
                     : isDatagramPair(cb, d.object) ? datagramRevents(cb, d)       // SOCK_DGRAM
                     : socket                       ? socketRevents(cb, d)
                                                    : pipeRevents(cb, d);
  return r & (events | POLLHUP | POLLERR | POLLNVAL);
}

uint32_t pollRevents(const ControlBlock &cb, int process, int fd, uint32_t events) {
  return pollRevents(cb, descriptionAt(cb, process, fd), events);
}

uint8_t pollEnabled(const ControlBlock &cb, int agent, const PendingOp &op) {
  if (readyCount(cb, agent) > 0)
    return uint8_t{1U << kVariantAcquire};
  return (op.flags & kPollTimed) != 0 ? uint8_t{1U << kVariantTimeout} : uint8_t{0};
}

Outcome pollApply(const ControlBlock &cb, int agent, const PendingOp & /*op*/, uint8_t variant) {
  if (variant == kVariantTimeout)
    return {0};
  return {static_cast<int64_t>(readyCount(cb, agent))};
}

} // namespace lockstep::models
