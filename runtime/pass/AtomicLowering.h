// AtomicLowering replaces atomic instructions (load atomic, store atomic, atomicrmw, cmpxchg,
// fence) with calls into the runtime, which performs the operation as a scheduling point and
// returns its result. Values of pointer or floating-point type travel as the unsigned integer of
// the same size; cmpxchg's {value, success} pair is rebuilt from the returned old value. What the
// runtime cannot perform (fadd/fsub, odd sizes) keeps its instruction behind an
// __lockstep_unsupported_atomic call.
#ifndef LOCKSTEP_RUNTIME_PASS_ATOMICLOWERING_H
#define LOCKSTEP_RUNTIME_PASS_ATOMICLOWERING_H

#include "llvm/Support/AtomicOrdering.h"

namespace llvm {
class AtomicCmpXchgInst;
class AtomicRMWInst;
class Constant;
class DataLayout;
class FenceInst;
class IRBuilderBase;
class IntegerType;
class Instruction;
class LoadInst;
class StoreInst;
class Type;
class Value;
} // namespace llvm

namespace lockstep::runtime {

class RuntimeCallbacks;

// The C11 number (lockstep_abi.h) of an LLVM ordering; unordered and monotonic are relaxed.
int abiMemoryOrder(llvm::AtomicOrdering Ordering);

// True for fences the runtime must see (every fence except syncscope("singlethread") ones).
bool isThreadFence(const llvm::FenceInst &Fence);

class AtomicLowering {
public:
  AtomicLowering(RuntimeCallbacks &Callbacks, const llvm::DataLayout &Layout);

  // Replaces (or, when unsupported, prefixes) the atomic instruction `I`, erasing it when
  // replaced. `Location` is the i8* pointer to its source-location record.
  void lower(llvm::Instruction &I, llvm::Constant *Location);

private:
  void lowerLoad(llvm::LoadInst &Load, llvm::Constant *Location);
  void lowerStore(llvm::StoreInst &Store, llvm::Constant *Location);
  void lowerRmw(llvm::AtomicRMWInst &Rmw, llvm::Constant *Location);
  void lowerCmpxchg(llvm::AtomicCmpXchgInst &Cmpxchg, llvm::Constant *Location);
  void lowerFence(llvm::FenceInst &Fence, llvm::Constant *Location);
  void markUnsupported(llvm::Instruction &I, llvm::Constant *Location);

  // The integer carrying values of `ValueType` through the runtime, or null when the runtime
  // cannot carry it (unsupported size or kind).
  llvm::IntegerType *carrierType(llvm::Type *ValueType, const llvm::Value *Pointer) const;

  RuntimeCallbacks &callbacks_;
  const llvm::DataLayout &layout_;
};

} // namespace lockstep::runtime

#endif // LOCKSTEP_RUNTIME_PASS_ATOMICLOWERING_H
