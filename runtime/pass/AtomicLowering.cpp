// Implementation of AtomicLowering: one function per atomic instruction kind, plus the
// conversions between a program's value types and the runtime's unsigned integer carriers.
#include "AtomicLowering.h"

#include "RuntimeCallbacks.h"
#include "lockstep_abi.h"

#include "llvm/IR/DataLayout.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace lockstep::runtime {

namespace {

Value *toCarrier(IRBuilderBase &Builder, Value *V, IntegerType *Carrier) {
  Type *T = V->getType();
  if (T == Carrier)
    return V;
  if (T->isPointerTy())
    return Builder.CreatePtrToInt(V, Carrier);
  return Builder.CreateBitCast(V, Carrier);
}

Value *fromCarrier(IRBuilderBase &Builder, Value *V, Type *Target) {
  if (V->getType() == Target)
    return V;
  if (Target->isPointerTy())
    return Builder.CreateIntToPtr(V, Target);
  return Builder.CreateBitCast(V, Target);
}

// The lockstep_abi.h code of an atomicrmw operation, or -1 when the runtime has none.
int abiRmwOperation(AtomicRMWInst::BinOp Operation) {
  switch (Operation) {
  case AtomicRMWInst::Xchg:
    return LOCKSTEP_RMW_XCHG;
  case AtomicRMWInst::Add:
    return LOCKSTEP_RMW_ADD;
  case AtomicRMWInst::Sub:
    return LOCKSTEP_RMW_SUB;
  case AtomicRMWInst::And:
    return LOCKSTEP_RMW_AND;
  case AtomicRMWInst::Nand:
    return LOCKSTEP_RMW_NAND;
  case AtomicRMWInst::Or:
    return LOCKSTEP_RMW_OR;
  case AtomicRMWInst::Xor:
    return LOCKSTEP_RMW_XOR;
  case AtomicRMWInst::Max:
    return LOCKSTEP_RMW_MAX;
  case AtomicRMWInst::Min:
    return LOCKSTEP_RMW_MIN;
  case AtomicRMWInst::UMax:
    return LOCKSTEP_RMW_UMAX;
  case AtomicRMWInst::UMin:
    return LOCKSTEP_RMW_UMIN;
  default: // FAdd, FSub
    return -1;
  }
}

} // namespace

int abiMemoryOrder(AtomicOrdering Ordering) {
  switch (Ordering) {
  case AtomicOrdering::NotAtomic:
  case AtomicOrdering::Unordered:
  case AtomicOrdering::Monotonic:
    return LOCKSTEP_ORDER_RELAXED;
  case AtomicOrdering::Acquire:
    return LOCKSTEP_ORDER_ACQUIRE;
  case AtomicOrdering::Release:
    return LOCKSTEP_ORDER_RELEASE;
  case AtomicOrdering::AcquireRelease:
    return LOCKSTEP_ORDER_ACQ_REL;
  case AtomicOrdering::SequentiallyConsistent:
    return LOCKSTEP_ORDER_SEQ_CST;
  }
  return LOCKSTEP_ORDER_SEQ_CST;
}

bool isThreadFence(const FenceInst &Fence) {
  return Fence.getSyncScopeID() != SyncScope::SingleThread;
}

AtomicLowering::AtomicLowering(RuntimeCallbacks &Callbacks, const DataLayout &Layout)
    : callbacks_(Callbacks), layout_(Layout) {}

void AtomicLowering::lower(Instruction &I, Constant *Location) {
  if (auto *Load = dyn_cast<LoadInst>(&I))
    lowerLoad(*Load, Location);
  else if (auto *Store = dyn_cast<StoreInst>(&I))
    lowerStore(*Store, Location);
  else if (auto *Rmw = dyn_cast<AtomicRMWInst>(&I))
    lowerRmw(*Rmw, Location);
  else if (auto *Cmpxchg = dyn_cast<AtomicCmpXchgInst>(&I))
    lowerCmpxchg(*Cmpxchg, Location);
  else if (auto *Fence = dyn_cast<FenceInst>(&I))
    lowerFence(*Fence, Location);
}

IntegerType *AtomicLowering::carrierType(Type *ValueType, const Value *Pointer) const {
  if (Pointer->getType()->getPointerAddressSpace() != 0)
    return nullptr;
  if (!ValueType->isIntegerTy() && !ValueType->isPointerTy() && !ValueType->isFloatingPointTy())
    return nullptr;
  TypeSize Size = layout_.getTypeStoreSize(ValueType);
  if (Size.isScalable() || !RuntimeCallbacks::isSupportedAtomicSize(Size.getFixedSize()))
    return nullptr;
  // x86_fp80 and friends store fewer bits than their size: not a plain bit pattern carrier.
  if (layout_.getTypeSizeInBits(ValueType) != Size.getFixedSize() * 8)
    return nullptr;
  return IntegerType::get(ValueType->getContext(), static_cast<unsigned>(Size.getFixedSize() * 8));
}

void AtomicLowering::lowerLoad(LoadInst &Load, Constant *Location) {
  IntegerType *Carrier = carrierType(Load.getType(), Load.getPointerOperand());
  if (!Carrier)
    return markUnsupported(Load, Location);
  IRBuilder<> Builder(&Load);
  Value *Address =
      Builder.CreatePointerCast(Load.getPointerOperand(), callbacks_.bytePointerType());
  Value *Order = Builder.getInt32(abiMemoryOrder(Load.getOrdering()));
  CallInst *Call = Builder.CreateCall(callbacks_.atomicLoad(Carrier->getBitWidth() / 8),
                                      {Address, Order, Location});
  Value *Result = fromCarrier(Builder, Call, Load.getType());
  Result->takeName(&Load);
  Load.replaceAllUsesWith(Result);
  Load.eraseFromParent();
}

void AtomicLowering::lowerStore(StoreInst &Store, Constant *Location) {
  IntegerType *Carrier = carrierType(Store.getValueOperand()->getType(), Store.getPointerOperand());
  if (!Carrier)
    return markUnsupported(Store, Location);
  IRBuilder<> Builder(&Store);
  Value *Address =
      Builder.CreatePointerCast(Store.getPointerOperand(), callbacks_.bytePointerType());
  Value *Stored = toCarrier(Builder, Store.getValueOperand(), Carrier);
  Value *Order = Builder.getInt32(abiMemoryOrder(Store.getOrdering()));
  Builder.CreateCall(callbacks_.atomicStore(Carrier->getBitWidth() / 8),
                     {Address, Stored, Order, Location});
  Store.eraseFromParent();
}

void AtomicLowering::lowerRmw(AtomicRMWInst &Rmw, Constant *Location) {
  int Operation = abiRmwOperation(Rmw.getOperation());
  IntegerType *Carrier = carrierType(Rmw.getType(), Rmw.getPointerOperand());
  if (!Carrier || Operation < 0)
    return markUnsupported(Rmw, Location);
  IRBuilder<> Builder(&Rmw);
  Value *Address = Builder.CreatePointerCast(Rmw.getPointerOperand(), callbacks_.bytePointerType());
  Value *Operand = toCarrier(Builder, Rmw.getValOperand(), Carrier);
  CallInst *Call =
      Builder.CreateCall(callbacks_.atomicRmw(Carrier->getBitWidth() / 8),
                         {Address, Operand, Builder.getInt32(Operation),
                          Builder.getInt32(abiMemoryOrder(Rmw.getOrdering())), Location});
  Value *Result = fromCarrier(Builder, Call, Rmw.getType());
  Result->takeName(&Rmw);
  Rmw.replaceAllUsesWith(Result);
  Rmw.eraseFromParent();
}

void AtomicLowering::lowerCmpxchg(AtomicCmpXchgInst &Cmpxchg, Constant *Location) {
  Type *ValueType = Cmpxchg.getCompareOperand()->getType();
  IntegerType *Carrier = carrierType(ValueType, Cmpxchg.getPointerOperand());
  if (!Carrier)
    return markUnsupported(Cmpxchg, Location);
  IRBuilder<> Builder(&Cmpxchg);
  Value *Address =
      Builder.CreatePointerCast(Cmpxchg.getPointerOperand(), callbacks_.bytePointerType());
  Value *Expected = toCarrier(Builder, Cmpxchg.getCompareOperand(), Carrier);
  Value *Desired = toCarrier(Builder, Cmpxchg.getNewValOperand(), Carrier);
  CallInst *Old = Builder.CreateCall(
      callbacks_.atomicCmpxchg(Carrier->getBitWidth() / 8),
      {Address, Expected, Desired, Builder.getInt32(abiMemoryOrder(Cmpxchg.getSuccessOrdering())),
       Builder.getInt32(abiMemoryOrder(Cmpxchg.getFailureOrdering())), Location});
  Value *Succeeded = Builder.CreateICmpEQ(Old, Expected);
  Value *Pair = UndefValue::get(Cmpxchg.getType());
  Pair = Builder.CreateInsertValue(Pair, fromCarrier(Builder, Old, ValueType), 0);
  Pair = Builder.CreateInsertValue(Pair, Succeeded, 1);
  Pair->takeName(&Cmpxchg);
  Cmpxchg.replaceAllUsesWith(Pair);
  Cmpxchg.eraseFromParent();
}

void AtomicLowering::lowerFence(FenceInst &Fence, Constant *Location) {
  if (!isThreadFence(Fence))
    return;
  IRBuilder<> Builder(&Fence);
  Builder.CreateCall(callbacks_.atomicFence(),
                     {Builder.getInt32(abiMemoryOrder(Fence.getOrdering())), Location});
  Fence.eraseFromParent();
}

void AtomicLowering::markUnsupported(Instruction &I, Constant *Location) {
  IRBuilder<> Builder(&I);
  Builder.CreateCall(callbacks_.unsupportedAtomic(), {Location});
}

} // namespace lockstep::runtime
