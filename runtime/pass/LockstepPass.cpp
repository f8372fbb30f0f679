// Implementation of LockstepPass: choosing the functions to instrument and wiring the per-module
// helpers together.
#include "LockstepPass.h"

#include "AtomicLowering.h"
#include "FunctionInstrumenter.h"
#include "RuntimeCallbacks.h"
#include "SourceLocationTable.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace lockstep::runtime {

namespace {

constexpr const char *kRuntimePrefix = "__lockstep_";
constexpr const char *kIgnoreAnnotation = "lockstep_ignore";
// Named metadata marking an instrumented module, so a second run (the plugin given twice, or a
// module instrumented before LTO) does not instrument the original accesses again.
constexpr const char *kInstrumentedMarker = "lockstep.instrumented";

// Functions carrying __attribute__((annotate("lockstep_ignore"))), read from
// llvm.global.annotations (entries are {i8* function, i8* annotation, i8* file, i32 line, ...}).
SmallPtrSet<const Function *, 4> ignoredByAnnotation(const Module &M) {
  SmallPtrSet<const Function *, 4> Ignored;
  const GlobalVariable *Annotations = M.getNamedGlobal("llvm.global.annotations");
  if (!Annotations || !Annotations->hasInitializer())
    return Ignored;
  const auto *Entries = dyn_cast<ConstantArray>(Annotations->getInitializer());
  if (!Entries)
    return Ignored;
  for (const Use &EntryUse : Entries->operands()) {
    const auto *Entry = dyn_cast<ConstantStruct>(EntryUse.get());
    if (!Entry || Entry->getNumOperands() < 2)
      continue;
    const auto *Annotated = dyn_cast<Function>(Entry->getOperand(0)->stripPointerCasts());
    const auto *Text = dyn_cast<GlobalVariable>(Entry->getOperand(1)->stripPointerCasts());
    if (!Annotated || !Text || !Text->hasInitializer())
      continue;
    const auto *Data = dyn_cast<ConstantDataSequential>(Text->getInitializer());
    if (Data && Data->isCString() && Data->getAsCString() == kIgnoreAnnotation)
      Ignored.insert(Annotated);
  }
  return Ignored;
}

bool shouldInstrument(const Function &F, const SmallPtrSetImpl<const Function *> &Ignored) {
  return !F.isDeclaration() && !F.getName().startswith(kRuntimePrefix) &&
         !F.hasFnAttribute(Attribute::Naked) &&
         !F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation) && !Ignored.count(&F);
}

} // namespace

PreservedAnalyses LockstepPass::run(Module &M, ModuleAnalysisManager &) {
  if (M.getNamedMetadata(kInstrumentedMarker))
    return PreservedAnalyses::all();
  M.getOrInsertNamedMetadata(kInstrumentedMarker);

  SmallPtrSet<const Function *, 4> Ignored = ignoredByAnnotation(M);
  SmallVector<Function *, 32> Targets;
  for (Function &F : M)
    if (shouldInstrument(F, Ignored))
      Targets.push_back(&F);

  SourceLocationTable Locations(M);
  RuntimeCallbacks Callbacks(M);
  AtomicLowering Atomics(Callbacks, M.getDataLayout());
  FunctionInstrumenter Instrumenter(Locations, Callbacks, Atomics);
  for (Function *F : Targets)
    Instrumenter.run(*F);
  // Even a module with nothing to instrument (all its accesses private) says that it was built
  // for the runtime: the checker tells instrumented programs by this reference.
  Callbacks.referenceAbiVersion();
  return PreservedAnalyses::none();
}

} // namespace lockstep::runtime
