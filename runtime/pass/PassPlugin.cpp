// Entry point of LockstepPass.so, the plugin clang loads with -fpass-plugin. It schedules
// LockstepPass at the end of the optimization pipeline (OptimizerLast), which runs at every
// optimization level including -O0 and sees the code after inlining and mem2reg at -O2, so
// std::atomic members are already inlined atomics and most locals already live in registers.
// It also registers the pass as "lockstep" for `opt -load-pass-plugin=... -passes=lockstep`.
#include "LockstepPass.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/Compiler.h"

using namespace llvm;

namespace {

constexpr const char *kPipelineName = "lockstep";

void registerCallbacks(PassBuilder &Builder) {
  Builder.registerOptimizerLastEPCallback([](ModulePassManager &Passes, OptimizationLevel) {
    Passes.addPass(lockstep::runtime::LockstepPass());
  });
  Builder.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &Passes, ArrayRef<PassBuilder::PipelineElement>) {
        if (Name != kPipelineName)
          return false;
        Passes.addPass(lockstep::runtime::LockstepPass());
        return true;
      });
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK LLVM_EXTERNAL_VISIBILITY PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "LockstepPass", LLVM_VERSION_STRING, registerCallbacks};
}
