// Implementation of FunctionInstrumenter: classification of a function's memory operations and
// the rewriting of plain accesses and memory intrinsics.
#include "FunctionInstrumenter.h"

#include "AccessFilter.h"
#include "AtomicLowering.h"
#include "InlineSameEpoch.h"
#include "RuntimeCallbacks.h"
#include "SourceLocationTable.h"

#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace lockstep::runtime {

namespace {

// The pointer an atomic instruction works on, or null for fences.
const Value *atomicPointer(const Instruction &I) {
  if (const auto *Load = dyn_cast<LoadInst>(&I))
    return Load->getPointerOperand();
  if (const auto *Store = dyn_cast<StoreInst>(&I))
    return Store->getPointerOperand();
  if (const auto *Rmw = dyn_cast<AtomicRMWInst>(&I))
    return Rmw->getPointerOperand();
  if (const auto *Cmpxchg = dyn_cast<AtomicCmpXchgInst>(&I))
    return Cmpxchg->getPointerOperand();
  return nullptr;
}

bool isAtomicAccess(const Instruction &I) {
  if (const auto *Load = dyn_cast<LoadInst>(&I))
    return Load->isAtomic();
  if (const auto *Store = dyn_cast<StoreInst>(&I))
    return Store->isAtomic();
  return isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I);
}

} // namespace

FunctionInstrumenter::FunctionInstrumenter(SourceLocationTable &Locations,
                                           RuntimeCallbacks &Callbacks, AtomicLowering &Atomics)
    : locations_(Locations), callbacks_(Callbacks), atomics_(Atomics) {}

bool FunctionInstrumenter::run(Function &F) {
  Plan Work = plan(F);
  for (Instruction *I : Work.plainAccesses)
    instrumentPlainAccess(*I);
  for (MemIntrinsic *Intrinsic : Work.memoryIntrinsics)
    replaceMemoryIntrinsic(*Intrinsic);
  for (const InlineCopy &Copy : Work.inlineCopies)
    instrumentInlineCopy(Copy);
  for (Instruction *I : Work.atomics)
    atomics_.lower(*I, locations_.recordFor(*I));
  return !Work.plainAccesses.empty() || !Work.memoryIntrinsics.empty() ||
         !Work.inlineCopies.empty() || !Work.atomics.empty();
}

FunctionInstrumenter::Plan FunctionInstrumenter::plan(Function &F) const {
  Plan Work;
  AccessFilter Filter;
  for (Instruction &I : instructions(F)) {
    if (isAtomicAccess(I)) {
      // Atomics on memory no one else can see keep their native instruction.
      if (Filter.mayBeShared(atomicPointer(I)))
        Work.atomics.push_back(&I);
    } else if (auto *Fence = dyn_cast<FenceInst>(&I)) {
      if (isThreadFence(*Fence))
        Work.atomics.push_back(&I);
    } else if (auto *Load = dyn_cast<LoadInst>(&I)) {
      if (Filter.mayBeShared(Load->getPointerOperand()))
        Work.plainAccesses.push_back(&I);
    } else if (auto *Store = dyn_cast<StoreInst>(&I)) {
      if (Filter.mayBeShared(Store->getPointerOperand()))
        Work.plainAccesses.push_back(&I);
    } else if (auto *Copy = dyn_cast<MemCpyInlineInst>(&I)) {
      InlineCopy Entry{Copy, Filter.mayBeShared(Copy->getRawSource()),
                       Filter.mayBeShared(Copy->getRawDest())};
      if (Entry.sourceShared || Entry.destinationShared)
        Work.inlineCopies.push_back(Entry);
    } else if (auto *Intrinsic = dyn_cast<MemIntrinsic>(&I)) {
      bool Shared = Filter.mayBeShared(Intrinsic->getRawDest());
      if (auto *Transfer = dyn_cast<MemTransferInst>(Intrinsic))
        Shared = Shared || Filter.mayBeShared(Transfer->getRawSource());
      bool DefaultSpaces = Intrinsic->getDestAddressSpace() == 0 &&
                           (!isa<MemTransferInst>(Intrinsic) ||
                            cast<MemTransferInst>(Intrinsic)->getSourceAddressSpace() == 0);
      if (Shared && DefaultSpaces)
        Work.memoryIntrinsics.push_back(Intrinsic);
    }
  }
  return Work;
}

void FunctionInstrumenter::instrumentPlainAccess(Instruction &I) {
  bool IsStore = isa<StoreInst>(I);
  Value *Pointer =
      IsStore ? cast<StoreInst>(I).getPointerOperand() : cast<LoadInst>(I).getPointerOperand();
  Type *AccessType = IsStore ? cast<StoreInst>(I).getValueOperand()->getType() : I.getType();
  TypeSize Size = I.getModule()->getDataLayout().getTypeStoreSize(AccessType);
  if (Size.isScalable() || Size.getFixedSize() == 0)
    return;

  IRBuilder<> Builder(&I);
  Value *Address = Builder.CreatePointerCast(Pointer, callbacks_.bytePointerType());
  Constant *Location = locations_.recordFor(I);
  uint64_t Bytes = Size.getFixedSize();
  if (RuntimeCallbacks::isSizedPlainAccess(Bytes)) {
    // The callback only when the runtime's filter lets the access through (lockstep_abi.h): the
    // private memory of a single-threaded process costs no call.
    Instruction *Then = SplitBlockAndInsertIfThen(callbacks_.filterPasses(Builder, Address), &I,
                                                  /*Unreachable=*/false);
    IRBuilder<> CallBuilder(Then);
    CallBuilder.SetCurrentDebugLocation(I.getDebugLoc());
    CallInst *Callback =
        CallBuilder.CreateCall(callbacks_.plainAccess(IsStore, Bytes), {Address, Location});
    // And only when the same epoch has not made this access already (InlineSameEpoch.h).
    if (hasInlineSameEpochTest(Bytes))
      guardWithSameEpochTest(*Callback, Address, Bytes, IsStore);
  } else
    Builder.CreateCall(callbacks_.plainRange(IsStore),
                       {Address, Builder.getInt64(Bytes), Location});
}

void FunctionInstrumenter::replaceMemoryIntrinsic(MemIntrinsic &Intrinsic) {
  IRBuilder<> Builder(&Intrinsic);
  Constant *Location = locations_.recordFor(Intrinsic);
  Value *Destination =
      Builder.CreatePointerCast(Intrinsic.getRawDest(), callbacks_.bytePointerType());
  Value *Length = Builder.CreateZExtOrTrunc(Intrinsic.getLength(), callbacks_.sizeType());
  if (auto *Set = dyn_cast<MemSetInst>(&Intrinsic)) {
    Value *Byte = Builder.CreateZExt(Set->getValue(), callbacks_.intType());
    Builder.CreateCall(callbacks_.memorySet(), {Destination, Byte, Length, Location});
  } else {
    auto &Transfer = cast<MemTransferInst>(Intrinsic);
    Value *Source =
        Builder.CreatePointerCast(Transfer.getRawSource(), callbacks_.bytePointerType());
    Builder.CreateCall(callbacks_.memoryCopy(isa<MemMoveInst>(Transfer)),
                       {Destination, Source, Length, Location});
  }
  Intrinsic.eraseFromParent();
}

void FunctionInstrumenter::instrumentInlineCopy(const InlineCopy &Copy) {
  IRBuilder<> Builder(Copy.copy);
  Constant *Location = locations_.recordFor(*Copy.copy);
  Value *Length = Builder.CreateZExtOrTrunc(Copy.copy->getLength(), callbacks_.sizeType());
  if (Copy.sourceShared)
    Builder.CreateCall(
        callbacks_.plainRange(/*IsStore=*/false),
        {Builder.CreatePointerCast(Copy.copy->getRawSource(), callbacks_.bytePointerType()), Length,
         Location});
  if (Copy.destinationShared)
    Builder.CreateCall(
        callbacks_.plainRange(/*IsStore=*/true),
        {Builder.CreatePointerCast(Copy.copy->getRawDest(), callbacks_.bytePointerType()), Length,
         Location});
}

} // namespace lockstep::runtime
