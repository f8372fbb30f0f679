// RuntimeCallbacks declares, on first use, the __lockstep_* functions of lockstep_abi.h in the
// module being instrumented, with the IR types and argument extensions the C ABI gives them, so
// the rest of the pass asks for "the 4-byte atomic load" rather than spelling names and types.
#ifndef LOCKSTEP_RUNTIME_PASS_RUNTIMECALLBACKS_H
#define LOCKSTEP_RUNTIME_PASS_RUNTIMECALLBACKS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/IRBuilder.h"

#include <cstdint>
#include <string>

namespace llvm {
class FunctionCallee;
class Module;
} // namespace llvm

namespace lockstep::runtime {

class RuntimeCallbacks {
public:
  explicit RuntimeCallbacks(llvm::Module &M);

  // Sizes with a dedicated plain-access callback: 1, 2, 4, 8, 16 bytes.
  static bool isSizedPlainAccess(uint64_t Size);
  // Sizes the atomic callbacks support: 1, 2, 4, 8 bytes.
  static bool isSupportedAtomicSize(uint64_t Size);

  llvm::FunctionCallee plainAccess(bool IsStore, uint64_t Size);
  llvm::FunctionCallee plainRange(bool IsStore);
  llvm::FunctionCallee memoryCopy(bool IsMove);
  llvm::FunctionCallee memorySet();
  llvm::FunctionCallee atomicLoad(uint64_t Size);
  llvm::FunctionCallee atomicStore(uint64_t Size);
  llvm::FunctionCallee atomicRmw(uint64_t Size);
  llvm::FunctionCallee atomicCmpxchg(uint64_t Size);
  llvm::FunctionCallee atomicFence();
  llvm::FunctionCallee unsupportedAtomic();

  // Emits, before the builder's insertion point, the test of __lockstep_filter (lockstep_abi.h)
  // for an access at Address: true when the access's callback must be called.
  llvm::Value *filterPasses(llvm::IRBuilder<> &Builder, llvm::Value *Address);

  // Makes the module refer to __lockstep_abi_version_<LOCKSTEP_ABI_VERSION>, so that linking an
  // instrumented object against a runtime built for another ABI version fails at link time.
  void referenceAbiVersion();

  llvm::PointerType *bytePointerType() const { return bytePtr_; }
  llvm::IntegerType *sizeType() const { return int64_; }
  llvm::IntegerType *intType() const { return int32_; }

private:
  // How the caller extends an integer argument (the C ABI of the callback's parameter).
  enum class Extension { None, Zero, Sign };
  struct Param {
    llvm::Type *type;
    Extension extension;
  };

  static llvm::Attribute::AttrKind attributeKind(Extension E);
  llvm::FunctionCallee declare(const std::string &Name, llvm::Type *Result,
                               Extension ResultExtension, llvm::ArrayRef<Param> Params);
  // Parameters by C type: void * (and const struct __lockstep_srcloc *), uint64_t, int.
  Param pointer() const;
  Param size() const;
  Param cInt() const;
  // The uintN_t carrying an N-byte value, with its extension (zero below 32 bits).
  Param valueParam(uint64_t Size) const;

  llvm::Module &module_;
  llvm::PointerType *bytePtr_;
  llvm::IntegerType *int32_;
  llvm::IntegerType *int64_;
  bool abiVersionReferenced_ = false;
};

} // namespace lockstep::runtime

#endif // LOCKSTEP_RUNTIME_PASS_RUNTIMECALLBACKS_H
