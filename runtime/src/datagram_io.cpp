// Data calls on AF_UNIX SOCK_DGRAM socket pairs (models/src/datagram_model.cpp decides them).
// The model says whether a datagram is taken or queued; the real call then does it with
// MSG_DONTWAIT and cannot block: a receive copies the datagram the kernel holds (truncating it
// to the buffer, returning its whole length under MSG_TRUNC, setting MSG_TRUNC in msg_flags,
// all the kernel's doing), a send queues it. The kernel memory a send charges its sender (the
// skb's truesize, which decides when the sender's buffer is full) is measured with SIOCOUTQ
// around the real send and given to the model. Errors come from the model alone; none raises
// SIGPIPE (unix_dgram_sendmsg sends no signal).
#include "datagram_io.h"

#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"
#include "visible_op.h"

#include "lockstep/models/datagram_model.h"
#include "lockstep/models/descriptors.h"

#include <cerrno>
#include <climits>
#include <linux/sockios.h>
#include <sys/ioctl.h>

namespace lockstep::runtime {
namespace {

namespace models = lockstep::models;

// Flags modelled on a datagram pair: MSG_WAITALL has no effect on datagrams (recv(2)).
constexpr int kSendFlags = MSG_DONTWAIT | MSG_NOSIGNAL;
constexpr int kRecvFlags = MSG_DONTWAIT | MSG_WAITALL | MSG_TRUNC;

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

} // namespace

bool isDatagramDescription(uint32_t description) {
  return models::isDatagramPair(*gControl, objectOf(description));
}

ssize_t datagramSend(int fd, uint32_t description, const struct msghdr &message, int flags,
                     const void *pc) {
  if ((flags & ~kSendFlags) != 0)
    refuseCall(pc, "send on a SOCK_DGRAM pair with flags other than MSG_DONTWAIT and MSG_NOSIGNAL",
               "does not model");
  if (message.msg_controllen > 0)
    refuseCall(pc, "sendmsg with ancillary data (SCM_RIGHTS, SCM_CREDENTIALS)",
               "does not model yet");
  PendingOp op =
      makeOp(OpKind::pipe_write, pc, objectOf(description), static_cast<int32_t>(description));
  op.arg = total(message);
  op.flags = (flags & MSG_DONTWAIT) != 0 ? models::kPipeCallNonblock : 0;
  const int64_t result = performVisible(op).result;
  if (result == models::kDatagramTableFull)
    refuseCall(pc, "send on a SOCK_DGRAM pair",
               "cannot follow: more datagrams queued at once than Lockstep's table holds");
  if (result < 0)
    return failWith(result);
  struct msghdr plain {};
  plain.msg_iov = message.msg_iov;
  plain.msg_iovlen = message.msg_iovlen;
  const int before = outQueue(fd);
  const ssize_t sent = LOCKSTEP_REAL(sendmsg)(fd, &plain, MSG_DONTWAIT | MSG_NOSIGNAL);
  if (sent != result)
    refuseCall(pc, "send on a SOCK_DGRAM pair",
               "cannot follow here: the kernel refused a datagram Lockstep's model accepted");
  const int after = outQueue(fd);
  models::datagramSetCost(*gControl, objectOf(description), 1 - endOf(description),
                          after > before ? static_cast<uint32_t>(after - before) : 0);
  return sent;
}

ssize_t datagramReceive(int fd, uint32_t description, struct msghdr &message, int flags,
                        const void *pc) {
  if ((flags & ~kRecvFlags) != 0)
    refuseCall(pc,
               "recv on a SOCK_DGRAM pair with flags other than MSG_DONTWAIT, MSG_WAITALL and "
               "MSG_TRUNC",
               "does not model");
  PendingOp op =
      makeOp(OpKind::pipe_read, pc, objectOf(description), static_cast<int32_t>(description));
  op.arg = total(message);
  op.flags = (flags & MSG_DONTWAIT) != 0 ? models::kPipeCallNonblock : 0;
  const int64_t result = performVisible(op).result;
  if (result < 0)
    return failWith(result);
  if ((currentStep().flags & kStepGotData) == 0) { // EOF after this end's SHUT_RD
    message.msg_namelen = 0;
    message.msg_controllen = 0;
    message.msg_flags = 0;
    return 0;
  }
  const ssize_t got = LOCKSTEP_REAL(recvmsg)(fd, &message, (flags & MSG_TRUNC) | MSG_DONTWAIT);
  if (got < 0)
    refuseCall(pc, "recv on a SOCK_DGRAM pair",
               "cannot follow here: the kernel had no datagram where Lockstep's model had one");
  return got;
}

} // namespace lockstep::runtime
