// AccessFilter decides whether a memory access through a given pointer can be seen by another
// thread or process and therefore needs instrumentation. It rejects stack slots whose address
// provably never escapes the function (CaptureTracking), constant globals, compiler-internal
// counters and pointers outside the default address space. It is conservative: anything it
// cannot prove private is instrumented.
#ifndef LOCKSTEP_RUNTIME_PASS_ACCESSFILTER_H
#define LOCKSTEP_RUNTIME_PASS_ACCESSFILTER_H

#include "llvm/ADT/DenseMap.h"

namespace llvm {
class AllocaInst;
class Value;
} // namespace llvm

namespace lockstep::runtime {

class AccessFilter {
public:
  // True when an access through `Pointer` may touch memory visible to other agents.
  bool mayBeShared(const llvm::Value *Pointer);

private:
  bool escapes(const llvm::AllocaInst *Alloca);

  // Capture results per stack slot. Valid only while the function is unchanged: callers ask
  // every question before they insert any call (a replaced memcpy passes its stack slot to the
  // runtime, which would make the slot look captured afterwards).
  llvm::DenseMap<const llvm::AllocaInst *, bool> escapes_;
};

} // namespace lockstep::runtime

#endif // LOCKSTEP_RUNTIME_PASS_ACCESSFILTER_H
