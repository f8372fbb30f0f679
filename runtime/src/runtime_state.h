// The runtime's process-wide state: the attached control block and the calling thread's agent.
// Everything the interceptors need to decide whether to model a call or forward it.
#pragma once

#include "control_block.h"

namespace lockstep::runtime {

using namespace protocol;

// Null when the program runs without a checker (the runtime is then inert).
extern ControlBlock *gControl;

// This thread's agent index, -1 when the thread is not an agent.
extern thread_local constinit int tAgent __attribute__((tls_model("initial-exec")));
// Depth of runtime code on this thread: interceptors called from inside the runtime (for
// example by libc during a real fork) forward to the real function.
extern thread_local constinit int tInRuntime __attribute__((tls_model("initial-exec")));

// True when the calling thread's call must go through the scheduler.
inline bool modelled() { return gControl != nullptr && tAgent >= 0 && tInRuntime == 0; }

// RAII marker for runtime code that may call intercepted functions itself.
struct RuntimeScope {
  RuntimeScope() { ++tInRuntime; }
  ~RuntimeScope() { --tInRuntime; }
  RuntimeScope(const RuntimeScope &) = delete;
  RuntimeScope &operator=(const RuntimeScope &) = delete;
};

inline AgentRecord &self() { return gControl->agents[tAgent]; }
inline int selfProcess() { return gControl->agents[tAgent].process; }

} // namespace lockstep::runtime
