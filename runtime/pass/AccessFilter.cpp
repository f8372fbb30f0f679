// Implementation of AccessFilter: the underlying object of a pointer decides whether accesses
// through it are private to the executing thread or constant.
#include "AccessFilter.h"

#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace lockstep::runtime {

namespace {

// Globals the compiler's own instrumentation updates (coverage and profile counters).
bool isCompilerInternal(const GlobalVariable &Global) {
  StringRef Name = Global.getName();
  return Name.startswith("__llvm_gcov") || Name.startswith("__profc_") ||
         Name.startswith("__profd_") || Name.startswith("__llvm_prf");
}

} // namespace

bool AccessFilter::mayBeShared(const Value *Pointer) {
  auto *PointerType = dyn_cast<llvm::PointerType>(Pointer->getType());
  if (!PointerType || PointerType->getAddressSpace() != 0)
    return false;
  if (Pointer->isSwiftError())
    return false;
  const Value *Object = getUnderlyingObject(Pointer);
  if (const auto *Global = dyn_cast<GlobalVariable>(Object))
    return !Global->isConstant() && !isCompilerInternal(*Global);
  if (const auto *Alloca = dyn_cast<AllocaInst>(Object))
    return escapes(Alloca);
  return true;
}

bool AccessFilter::escapes(const AllocaInst *Alloca) {
  auto Found = escapes_.find(Alloca);
  if (Found != escapes_.end())
    return Found->second;
  bool Result = PointerMayBeCaptured(Alloca, /*ReturnCaptures=*/true, /*StoreCaptures=*/true);
  escapes_[Alloca] = Result;
  return Result;
}

} // namespace lockstep::runtime
