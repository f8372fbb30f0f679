// Data calls on AF_UNIX SOCK_DGRAM socket pairs and sockets (models/src/datagram_model.cpp and
// datagram_socket_model.cpp decide them). A socket's send names its receiver by address (or goes
// to its connected peer): it is a socket_sendto step, and the real sendmsg goes to the receiver's
// real name (socket_address.h); a receive reports the sender's address as the program named it.
// The model says whether a datagram is taken or queued; the real call then does it with
// MSG_DONTWAIT and cannot block: a receive copies the datagram the kernel holds (truncating it
// to the buffer, returning its whole length under MSG_TRUNC, setting MSG_TRUNC in msg_flags,
// all the kernel's doing; MSG_PEEK leaves it queued), a send queues it. The kernel memory a send
// charges its sender (the skb's truesize, which decides when the sender's buffer is full) is
// measured with SIOCOUTQ around the real send and given to the model. Errors come from the model
// alone, but for ECONNREFUSED, whose real send makes the kernel purge the sender's own queue as the
// model did; none raises SIGPIPE (unix_dgram_sendmsg sends no signal).
#include "datagram_io.h"

#include "datagram_socket.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "socket_address.h"
#include "turn.h"
#include "visible_op.h"

#include "lockstep/models/datagram_model.h"
#include "lockstep/models/datagram_socket_model.h"
#include "lockstep/models/descriptors.h"
#include "lockstep/models/socket_model.h"

#include <cerrno>
#include <climits>
#include <cstring>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/un.h>

namespace lockstep::runtime {
namespace {

namespace models = lockstep::models;

// Flags modelled on a datagram pair: MSG_WAITALL has no effect on datagrams (recv(2)).
constexpr int kSendFlags = MSG_DONTWAIT | MSG_NOSIGNAL;
constexpr int kRecvFlags = MSG_DONTWAIT | MSG_WAITALL | MSG_TRUNC | MSG_PEEK;

uint32_t objectOf(uint32_t description) { return gControl->descriptions[description].object; }

int failWith(int64_t negatedErrno) {
  errno = static_cast<int>(-negatedErrno);
  return -1;
}

int64_t total(const struct msghdr &message) {
  uint64_t sum = 0;
  for (size_t i = 0; i < message.msg_iovlen; ++i)
    sum += message.msg_iov[i].iov_len;
  return sum > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(sum);
}

int outQueue(int fd) {
  int bytes = 0;
  return LOCKSTEP_REAL(ioctl)(fd, SIOCOUTQ, &bytes) == 0 ? bytes : 0;
}

uint32_t endOf(uint32_t description) {
  return (gControl->descriptions[description].access & kDescriptionSide1) != 0 ? 1 : 0;
}

// The real send of a datagram the model queued toward `receiver` (channel 0 for a socket),
// charging the kernel memory it takes to the model.
ssize_t realSend(int fd, struct msghdr &plain, uint32_t receiver, uint32_t channel, ssize_t result,
                 const char *call, const void *pc) {
  const int before = outQueue(fd);
  const ssize_t sent = LOCKSTEP_REAL(sendmsg)(fd, &plain, MSG_DONTWAIT | MSG_NOSIGNAL);
  if (sent != result)
    refuseCall(pc, call,
               "cannot follow here: the kernel refused a datagram Lockstep's model accepted");
  const int after = outQueue(fd);
  models::datagramSetCost(*gControl, receiver, channel,
                          after > before ? static_cast<uint32_t>(after - before) : 0);
  return sent;
}

// The model refused with ECONNREFUSED (a closed peer) and purged the sender's own queue: the real
// send makes the kernel do the same (unix_dgram_disconnected).
int refused(int fd, const void *pc) {
  char none = 0;
  if (LOCKSTEP_REAL(send)(fd, &none, 0, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0 || errno != ECONNREFUSED)
    refuseCall(pc, "send on a SOCK_DGRAM socket",
               "cannot follow here: the kernel did not refuse where Lockstep's model did");
  return failWith(-ECONNREFUSED);
}

// A send from a datagram socket of socket(2): to msg_name, or to the connected peer.
ssize_t socketSend(int fd, uint32_t description, const struct msghdr &message, int flags,
                   const void *pc) {
  Address parsed;
  if (message.msg_name != nullptr && message.msg_namelen > 0) {
    const int64_t bad = parseAddress(static_cast<const struct sockaddr *>(message.msg_name),
                                     message.msg_namelen, AF_UNIX, "sendto", pc, parsed);
    if (bad < 0)
      return failWith(bad);
    if (parsed.unnamed)
      return failWith(-EINVAL);
  }
  PendingOp op =
      makeOp(OpKind::socket_sendto, pc, objectOf(description), static_cast<int32_t>(description));
  op.arg = static_cast<int64_t>(parsed.model);
  op.flags = (flags & MSG_DONTWAIT) != 0 ? models::kPipeCallNonblock : 0;
  OpPayload &payload = gControl->payload[tAgent];
  payload.count = 1;
  payload.words[0] = static_cast<uint64_t>(total(message));
  const int64_t result = performVisible(op).result;
  if (result == models::kDatagramTableFull)
    refuseCall(pc, "send on a SOCK_DGRAM socket",
               "cannot follow: more datagrams queued at once than Lockstep's table holds");
  if (result == models::kDatagramNoReceiver) // the file decides
    return failWith(noSocketAtPath(parsed));
  if (result == -ECONNREFUSED && parsed.model == 0)
    return refused(fd, pc);
  if (result < 0)
    return failWith(result);
  struct msghdr plain {};
  plain.msg_iov = message.msg_iov;
  plain.msg_iovlen = message.msg_iovlen;
  struct sockaddr_un real {};
  if (parsed.model != 0) {
    socklen_t realLength = 0;
    if (!realDatagramName(static_cast<const struct sockaddr *>(message.msg_name),
                          message.msg_namelen, real, realLength))
      refuseCall(pc, "sendto",
                 "cannot follow: the abstract name is too long for Lockstep's prefix");
    plain.msg_name = &real;
    plain.msg_namelen = realLength;
  }
  return realSend(fd, plain, models::datagramSendReceiver(*gControl, op), 0, result, "sendto", pc);
}

} // namespace

bool isDatagramDescription(uint32_t description) {
  return models::isDatagramPair(*gControl, objectOf(description));
}

ssize_t datagramSend(int fd, uint32_t description, const struct msghdr &message, int flags,
                     const void *pc) {
  if ((flags & ~kSendFlags) != 0)
    refuseCall(pc,
               "send on a SOCK_DGRAM socket with flags other than MSG_DONTWAIT and MSG_NOSIGNAL",
               "does not model");
  if (message.msg_controllen > 0)
    refuseCall(pc, "sendmsg with ancillary data (SCM_RIGHTS, SCM_CREDENTIALS)",
               "does not model yet");
  if (isDatagramSocketDescription(description))
    return socketSend(fd, description, message, flags, pc);
  if (message.msg_name != nullptr && message.msg_namelen > 0)
    refuseCall(pc, "sendto or sendmsg with an address on a SOCK_DGRAM socket pair",
               "does not model yet");
  PendingOp op =
      makeOp(OpKind::pipe_write, pc, objectOf(description), static_cast<int32_t>(description));
  op.arg = total(message);
  op.flags = (flags & MSG_DONTWAIT) != 0 ? models::kPipeCallNonblock : 0;
  const int64_t result = performVisible(op).result;
  if (result == models::kDatagramTableFull)
    refuseCall(pc, "send on a SOCK_DGRAM pair",
               "cannot follow: more datagrams queued at once than Lockstep's table holds");
  if (result == -ECONNREFUSED)
    return refused(fd, pc);
  if (result < 0)
    return failWith(result);
  struct msghdr plain {};
  plain.msg_iov = message.msg_iov;
  plain.msg_iovlen = message.msg_iovlen;
  return realSend(fd, plain, objectOf(description), 1 - endOf(description), result,
                  "send on a SOCK_DGRAM pair", pc);
}

ssize_t datagramReceive(int fd, uint32_t description, struct msghdr &message, int flags,
                        const void *pc) {
  if ((flags & ~kRecvFlags) != 0)
    refuseCall(pc,
               "recv on a SOCK_DGRAM socket with flags other than MSG_DONTWAIT, MSG_WAITALL, "
               "MSG_TRUNC and MSG_PEEK",
               "does not model");
  PendingOp op =
      makeOp(OpKind::pipe_read, pc, objectOf(description), static_cast<int32_t>(description));
  op.arg = total(message);
  op.flags = ((flags & MSG_DONTWAIT) != 0 ? models::kPipeCallNonblock : 0) |
             ((flags & MSG_PEEK) != 0 ? models::kDatagramPeek : 0);
  const int64_t result = performVisible(op).result;
  if (result < 0)
    return failWith(result);
  if ((currentStep().flags & kStepGotData) == 0) { // EOF after this end's SHUT_RD
    message.msg_namelen = 0;
    message.msg_controllen = 0;
    message.msg_flags = 0;
    return 0;
  }
  // The sender's real name goes to a buffer of ours, then to the program's as it named it.
  struct sockaddr_un real {};
  void *const name = message.msg_name;
  const socklen_t room = message.msg_namelen;
  if (name != nullptr) {
    message.msg_name = &real;
    message.msg_namelen = sizeof real;
  }
  const ssize_t got =
      LOCKSTEP_REAL(recvmsg)(fd, &message, (flags & (MSG_TRUNC | MSG_PEEK)) | MSG_DONTWAIT);
  if (got < 0)
    refuseCall(pc, "recv on a SOCK_DGRAM socket",
               "cannot follow here: the kernel had no datagram where Lockstep's model had one");
  if (name != nullptr) {
    socklen_t shown = room;
    if (message.msg_namelen > 0)
      programDatagramName(real, message.msg_namelen, static_cast<struct sockaddr *>(name), &shown);
    else
      shown = 0; // an unbound sender
    message.msg_name = name;
    message.msg_namelen = shown;
  }
  return got;
}

} // namespace lockstep::runtime
