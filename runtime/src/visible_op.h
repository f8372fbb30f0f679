// Building a pending operation at an interceptor: the operation, its object and the call site.
#pragma once

#include "callsite.h"
#include "runtime_state.h"

namespace lockstep::runtime {

inline PendingOp makeOp(OpKind kind, const void *pc, uint32_t object = kNoObject,
                        int32_t target = -1) {
  PendingOp op{};
  op.kind = kind;
  op.object = object;
  op.target = target;
  op.site = siteOf(pc);
  return op;
}

// Stops the execution with an Unsupported verdict naming the call.
[[noreturn]] void refuseCall(const void *pc, const char *call, const char *advice);

} // namespace lockstep::runtime
