// The operation table: names and object families, from ops.def.
#include "lockstep/models/operations.h"

namespace lockstep::models {
namespace {
struct OpInfo {
  const char *name;
  ObjectFamily family;
};
constexpr OpInfo kOps[] = {
#define LOCKSTEP_OP(name, family) {#name, ObjectFamily::family},
#include "ops.def"
#undef LOCKSTEP_OP
};
static_assert(sizeof(kOps) / sizeof(kOps[0]) == protocol::kOpCount);
} // namespace

bool isValidOp(uint16_t raw) { return raw < protocol::kOpCount; }

const char *opName(OpKind op) {
  auto i = static_cast<uint16_t>(op);
  return isValidOp(i) ? kOps[i].name : "invalid_op";
}

ObjectFamily opFamily(OpKind op) {
  auto i = static_cast<uint16_t>(op);
  return isValidOp(i) ? kOps[i].family : ObjectFamily::None;
}

const char *familyName(ObjectFamily family) {
  switch (family) {
  case ObjectFamily::Process:
    return "process";
  case ObjectFamily::Thread:
    return "thread";
  case ObjectFamily::Mutex:
    return "mutex";
  case ObjectFamily::Semaphore:
    return "semaphore";
  case ObjectFamily::Cond:
    return "cond";
  case ObjectFamily::Rwlock:
    return "rwlock";
  case ObjectFamily::Barrier:
    return "barrier";
  case ObjectFamily::Pipe:
    return "pipe";
  case ObjectFamily::Socket:
    return "socket";
  case ObjectFamily::MessageQueue:
    return "mq";
  case ObjectFamily::SysvMessageQueue:
    return "msq";
  case ObjectFamily::SysvSemaphore:
    return "semset";
  case ObjectFamily::Atomic:
    return "atomic";
  case ObjectFamily::Descriptor:
    return "fd";
  case ObjectFamily::Epoll:
    return "epoll";
  case ObjectFamily::None:
    break;
  }
  return "object";
}

bool opFromName(std::string_view name, OpKind &out) {
  for (uint16_t i = 0; i < protocol::kOpCount; ++i) {
    if (name == kOps[i].name) {
      out = static_cast<OpKind>(i);
      return true;
    }
  }
  return false;
}

} // namespace lockstep::models
