// LockstepPass is the new-pass-manager module pass that instruments a whole module for the
// Lockstep runtime. It owns the per-module state (the deduplicated source-location records and
// the callback declarations), picks the functions to instrument (all definitions except the
// runtime's own "__lockstep_*" functions, naked functions and those marked
// disable_sanitizer_instrumentation or annotate("lockstep_ignore")) and runs a
// FunctionInstrumenter on each. It is required, so it also runs on optnone functions at -O0, and
// it marks the module so that it instruments each module once.
#ifndef LOCKSTEP_RUNTIME_PASS_LOCKSTEPPASS_H
#define LOCKSTEP_RUNTIME_PASS_LOCKSTEPPASS_H

#include "llvm/IR/PassManager.h"

namespace lockstep::runtime {

class LockstepPass : public llvm::PassInfoMixin<LockstepPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &Analyses);
  static bool isRequired() { return true; }
};

} // namespace lockstep::runtime

#endif // LOCKSTEP_RUNTIME_PASS_LOCKSTEPPASS_H
