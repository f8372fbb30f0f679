// The inline same-epoch test (see InlineSameEpoch.h).
#include "InlineSameEpoch.h"

#include "lockstep_abi.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace lockstep::runtime {

namespace {

GlobalVariable *threadEpoch(Module &M) {
  Type *Int32 = Type::getInt32Ty(M.getContext());
  Constant *Epoch = M.getOrInsertGlobal("__lockstep_epoch", Int32, [&] {
    return new GlobalVariable(M, Int32, /*isConstant=*/false, GlobalValue::ExternalLinkage, nullptr,
                              "__lockstep_epoch", nullptr, GlobalValue::InitialExecTLSModel);
  });
  return cast<GlobalVariable>(Epoch);
}

// True when the access's granule is cached and the access lies inside it (a 16-byte access: in
// two whole granules of one segment); sets *Cells to the address of its (first) granule's cells
// and *InGranule to its offset in the granule.
Value *probeSegment(IRBuilder<> &B, Value *Address, uint64_t Size, Value **Cells,
                    Value **InGranule) {
  Module &M = *B.GetInsertBlock()->getModule();
  LLVMContext &Context = M.getContext();
  Type *Int64 = Type::getInt64Ty(Context);
  Type *BytePointer = Type::getInt8PtrTy(Context);
  StructType *Segment = StructType::get(Context, {Int64, Int64, BytePointer});
  ArrayType *Cache = ArrayType::get(Segment, LOCKSTEP_SEGMENT_SLOTS);
  Constant *Segments = M.getOrInsertGlobal("__lockstep_segments", Cache);

  Value *A = B.CreatePtrToInt(Address, Int64);
  Value *Slot =
      B.CreateAnd(B.CreateLShr(A, LOCKSTEP_SEGMENT_SHIFT), LOCKSTEP_SEGMENT_SLOTS - 1, "slot");
  Value *Entry = B.CreateInBoundsGEP(Cache, Segments, {B.getInt64(0), Slot});
  Value *Start = B.CreateLoad(Int64, B.CreateStructGEP(Segment, Entry, 0), "segment.start");
  Value *End = B.CreateLoad(Int64, B.CreateStructGEP(Segment, Entry, 1), "segment.end");
  Value *Shadow = B.CreateLoad(BytePointer, B.CreateStructGEP(Segment, Entry, 2), "shadow");
  Value *Offset = B.CreateSub(A, Start);
  Value *Span = B.CreateSub(End, Start);
  *InGranule = B.CreateAnd(A, LOCKSTEP_GRANULE_BYTES - 1);
  Value *Inside; // the access lies in the cached segment, in one granule or in two whole ones
  if (Size <= LOCKSTEP_GRANULE_BYTES)
    Inside = B.CreateAnd(B.CreateICmpULT(Offset, Span),
                         B.CreateICmpULE(B.CreateAdd(*InGranule, B.getInt64(Size)),
                                         B.getInt64(LOCKSTEP_GRANULE_BYTES)));
  else
    Inside = B.CreateAnd(B.CreateICmpEQ(*InGranule, B.getInt64(0)),
                         B.CreateICmpULE(B.CreateAdd(Offset, B.getInt64(Size)), Span));
  Value *GranuleOffset =
      B.CreateMul(B.CreateLShr(Offset, 3), B.getInt64(LOCKSTEP_GRANULE_SHADOW_BYTES));
  *Cells = B.CreateInBoundsGEP(B.getInt8Ty(), Shadow, GranuleOffset, "cells");
  return Inside;
}

// True when the cells at CellsAddress of the thread's epoch (Epoch) cover the bytes of Mask
// (models::sameEpoch in race_shadow.h, on the cells read as words).
Value *coveredInGranule(IRBuilder<> &B, Value *CellsAddress, Value *Epoch, Value *Mask,
                        bool IsStore) {
  auto *Vector = FixedVectorType::get(B.getInt32Ty(), LOCKSTEP_SHADOW_CELLS);
  Value *Cells = B.CreateAlignedLoad(
      Vector, B.CreatePointerCast(CellsAddress, PointerType::getUnqual(Vector)), Align(4));
  Value *Zero = Constant::getNullValue(Vector);
  Value *SameEpoch =
      B.CreateICmpEQ(B.CreateAnd(Cells, ConstantInt::get(Vector, LOCKSTEP_CELL_EPOCH_BITS)),
                     B.CreateVectorSplat(LOCKSTEP_SHADOW_CELLS, Epoch));
  if (IsStore) // a read does not cover a write
    SameEpoch = B.CreateAnd(
        SameEpoch,
        B.CreateICmpNE(B.CreateAnd(Cells, ConstantInt::get(Vector, LOCKSTEP_CELL_WRITE)), Zero));
  Value *Covered = B.CreateOrReduce(B.CreateSelect(SameEpoch, Cells, Zero));
  return B.CreateICmpEQ(B.CreateAnd(Mask, B.CreateNot(Covered)), B.getInt32(0));
}

// True when the same epoch already made the access: its granule's cells cover its bytes, or, for
// 16 bytes, both granules' cells cover all theirs.
Value *coveredBySameEpoch(IRBuilder<> &B, Value *CellsAddress, Value *InGranule, uint64_t Size,
                          bool IsStore) {
  Value *Epoch =
      B.CreateLoad(B.getInt32Ty(), threadEpoch(*B.GetInsertBlock()->getModule()), "epoch");
  if (Size <= LOCKSTEP_GRANULE_BYTES) {
    Value *Shift =
        B.CreateAdd(B.CreateTrunc(InGranule, B.getInt32Ty()), B.getInt32(LOCKSTEP_CELL_MASK_SHIFT));
    Value *Mask = B.CreateShl(B.getInt32((1U << Size) - 1), Shift);
    return coveredInGranule(B, CellsAddress, Epoch, Mask, IsStore);
  }
  Value *All = B.getInt32(0xffU << LOCKSTEP_CELL_MASK_SHIFT);
  Value *Next =
      B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), CellsAddress, LOCKSTEP_GRANULE_SHADOW_BYTES);
  return B.CreateAnd(coveredInGranule(B, CellsAddress, Epoch, All, IsStore),
                     coveredInGranule(B, Next, Epoch, All, IsStore), "same.epoch");
}

} // namespace

bool hasInlineSameEpochTest(uint64_t Size) {
  return Size == 1 || Size == 2 || Size == 4 || Size == 8 || Size == 16;
}

void guardWithSameEpochTest(CallInst &Callback, Value *Address, uint64_t Size, bool IsStore) {
  BasicBlock *After = Callback.getParent()->getTerminator()->getSuccessor(0);
  IRBuilder<> Probe(&Callback);
  Value *Cells = nullptr;
  Value *InGranule = nullptr;
  Value *Cached = probeSegment(Probe, Address, Size, &Cells, &InGranule);
  // probe -> (cached) test -> (not covered) call -> after; the cells are read only when cached.
  Instruction *TestEnd = SplitBlockAndInsertIfThen(Cached, &Callback, /*Unreachable=*/false);
  IRBuilder<> Test(TestEnd);
  Value *Covered = coveredBySameEpoch(Test, Cells, InGranule, Size, IsStore);
  BranchInst::Create(After, Callback.getParent(), Covered, TestEnd->getParent());
  TestEnd->eraseFromParent();
}

} // namespace lockstep::runtime
