// FunctionInstrumenter instruments one function: it first decides, on the unmodified function,
// which instructions are visible to other agents (plain loads and stores, memcpy/memmove/memset,
// atomics, thread fences), then inserts a runtime call before each plain access, replaces each
// memory intrinsic with its runtime counterpart and hands atomics to AtomicLowering.
#ifndef LOCKSTEP_RUNTIME_PASS_FUNCTIONINSTRUMENTER_H
#define LOCKSTEP_RUNTIME_PASS_FUNCTIONINSTRUMENTER_H

#include "llvm/ADT/SmallVector.h"

namespace llvm {
class Function;
class Instruction;
class MemCpyInlineInst;
class MemIntrinsic;
} // namespace llvm

namespace lockstep::runtime {

class AtomicLowering;
class RuntimeCallbacks;
class SourceLocationTable;

class FunctionInstrumenter {
public:
  FunctionInstrumenter(SourceLocationTable &Locations, RuntimeCallbacks &Callbacks,
                       AtomicLowering &Atomics);

  // Instruments `F`; returns true when it changed anything.
  bool run(llvm::Function &F);

private:
  // An llvm.memcpy.inline and which of its sides may be shared.
  struct InlineCopy {
    llvm::MemCpyInlineInst *copy;
    bool sourceShared;
    bool destinationShared;
  };

  // The instructions of one function, sorted by what happens to them.
  struct Plan {
    llvm::SmallVector<llvm::Instruction *, 32> plainAccesses;
    llvm::SmallVector<llvm::MemIntrinsic *, 8> memoryIntrinsics;
    llvm::SmallVector<InlineCopy, 2> inlineCopies;
    llvm::SmallVector<llvm::Instruction *, 8> atomics;
  };

  Plan plan(llvm::Function &F) const;
  void instrumentPlainAccess(llvm::Instruction &I);
  void replaceMemoryIntrinsic(llvm::MemIntrinsic &Intrinsic);
  void instrumentInlineCopy(const InlineCopy &Copy);

  SourceLocationTable &locations_;
  RuntimeCallbacks &callbacks_;
  AtomicLowering &atomics_;
};

} // namespace lockstep::runtime

#endif // LOCKSTEP_RUNTIME_PASS_FUNCTIONINSTRUMENTER_H
