// Implementation of RuntimeCallbacks: the names, IR signatures and attributes of the runtime's
// entry points, mirroring the C declarations in lockstep_abi.h.
#include "RuntimeCallbacks.h"

#include "lockstep_abi.h"

#include "llvm/IR/Attributes.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace lockstep::runtime {

namespace {

constexpr const char *kPrefix = "__lockstep_";

std::string sized(const char *Stem, uint64_t Size) {
  return std::string(kPrefix) + Stem + "_" + std::to_string(Size);
}

std::string named(const char *Stem) { return std::string(kPrefix) + Stem; }

} // namespace

RuntimeCallbacks::RuntimeCallbacks(Module &M)
    : module_(M), bytePtr_(Type::getInt8PtrTy(M.getContext())),
      int32_(Type::getInt32Ty(M.getContext())), int64_(Type::getInt64Ty(M.getContext())) {}

bool RuntimeCallbacks::isSizedPlainAccess(uint64_t Size) {
  return Size == 1 || Size == 2 || Size == 4 || Size == 8 || Size == 16;
}

bool RuntimeCallbacks::isSupportedAtomicSize(uint64_t Size) {
  return Size == 1 || Size == 2 || Size == 4 || Size == 8;
}

FunctionCallee RuntimeCallbacks::plainAccess(bool IsStore, uint64_t Size) {
  return declare(sized(IsStore ? "store" : "load", Size), Type::getVoidTy(module_.getContext()),
                 Extension::None, {pointer(), pointer()});
}

FunctionCallee RuntimeCallbacks::plainRange(bool IsStore) {
  return declare(named(IsStore ? "store_range" : "load_range"),
                 Type::getVoidTy(module_.getContext()), Extension::None,
                 {pointer(), size(), pointer()});
}

FunctionCallee RuntimeCallbacks::memoryCopy(bool IsMove) {
  return declare(named(IsMove ? "memmove" : "memcpy"), bytePtr_, Extension::None,
                 {pointer(), pointer(), size(), pointer()});
}

FunctionCallee RuntimeCallbacks::memorySet() {
  return declare(named("memset"), bytePtr_, Extension::None,
                 {pointer(), cInt(), size(), pointer()});
}

FunctionCallee RuntimeCallbacks::atomicLoad(uint64_t Size) {
  Param Value = valueParam(Size);
  return declare(sized("atomic_load", Size), Value.type, Value.extension,
                 {pointer(), cInt(), pointer()});
}

FunctionCallee RuntimeCallbacks::atomicStore(uint64_t Size) {
  return declare(sized("atomic_store", Size), Type::getVoidTy(module_.getContext()),
                 Extension::None, {pointer(), valueParam(Size), cInt(), pointer()});
}

FunctionCallee RuntimeCallbacks::atomicRmw(uint64_t Size) {
  Param Value = valueParam(Size);
  return declare(sized("atomic_rmw", Size), Value.type, Value.extension,
                 {pointer(), Value, cInt(), cInt(), pointer()});
}

FunctionCallee RuntimeCallbacks::atomicCmpxchg(uint64_t Size) {
  Param Value = valueParam(Size);
  return declare(sized("atomic_cmpxchg", Size), Value.type, Value.extension,
                 {pointer(), Value, Value, cInt(), cInt(), pointer()});
}

FunctionCallee RuntimeCallbacks::atomicFence() {
  return declare(named("atomic_fence"), Type::getVoidTy(module_.getContext()), Extension::None,
                 {cInt(), pointer()});
}

FunctionCallee RuntimeCallbacks::unsupportedAtomic() {
  return declare(named("unsupported_atomic"), Type::getVoidTy(module_.getContext()),
                 Extension::None, {pointer()});
}

void RuntimeCallbacks::referenceAbiVersion() {
  if (abiVersionReferenced_)
    return;
  abiVersionReferenced_ = true;
  FunctionCallee Version = declare(sized("abi_version", LOCKSTEP_ABI_VERSION),
                                   Type::getVoidTy(module_.getContext()), Extension::None, {});
  // A private pointer kept alive by llvm.compiler.used: its relocation is the reference.
  auto *Holder = new GlobalVariable(
      module_, bytePtr_, /*isConstant=*/true, GlobalValue::PrivateLinkage,
      ConstantExpr::getPointerCast(cast<Constant>(Version.getCallee()), bytePtr_),
      named("abi_version_reference"));
  appendToCompilerUsed(module_, {Holder});
}

RuntimeCallbacks::Param RuntimeCallbacks::pointer() const { return {bytePtr_, Extension::None}; }

RuntimeCallbacks::Param RuntimeCallbacks::size() const { return {int64_, Extension::None}; }

RuntimeCallbacks::Param RuntimeCallbacks::cInt() const { return {int32_, Extension::Sign}; }

RuntimeCallbacks::Param RuntimeCallbacks::valueParam(uint64_t Size) const {
  auto *Type = IntegerType::get(module_.getContext(), static_cast<unsigned>(Size * 8));
  return {Type, Size < 4 ? Extension::Zero : Extension::None};
}

Value *RuntimeCallbacks::filterPasses(IRBuilder<> &Builder, Value *Address) {
  LLVMContext &Context = module_.getContext();
  PointerType *ThreadsPointer = PointerType::getUnqual(int32_);
  StructType *Filter = StructType::get(Context, {int64_, int64_, ThreadsPointer});
  Constant *Global = module_.getOrInsertGlobal("__lockstep_filter", Filter);
  Value *Low = Builder.CreateLoad(int64_, Builder.CreateStructGEP(Filter, Global, 0), "low");
  Value *Span = Builder.CreateLoad(int64_, Builder.CreateStructGEP(Filter, Global, 1), "span");
  Value *Threads =
      Builder.CreateLoad(ThreadsPointer, Builder.CreateStructGEP(Filter, Global, 2), "threads");
  Value *Count = Builder.CreateLoad(int32_, Threads, "thread.count");
  Value *Offset = Builder.CreateSub(Builder.CreatePtrToInt(Address, int64_), Low);
  return Builder.CreateOr(Builder.CreateICmpULT(Offset, Span),
                          Builder.CreateICmpSGT(Count, Builder.getInt32(1)), "maybe.tracked");
}

Attribute::AttrKind RuntimeCallbacks::attributeKind(Extension E) {
  return E == Extension::Zero ? Attribute::ZExt : Attribute::SExt;
}

FunctionCallee RuntimeCallbacks::declare(const std::string &Name, Type *Result,
                                         Extension ResultExtension, ArrayRef<Param> Params) {
  LLVMContext &Context = module_.getContext();
  SmallVector<Type *, 6> ParamTypes;
  for (const Param &P : Params)
    ParamTypes.push_back(P.type);
  // NonLazyBind: the calls go through the GOT, without a PLT stub's extra jump (an access's
  // callback is most of its cost); the runtime's symbols are then bound when the program loads.
  AttributeList Attributes = AttributeList()
                                 .addFnAttribute(Context, Attribute::NoUnwind)
                                 .addFnAttribute(Context, Attribute::NonLazyBind);
  if (ResultExtension != Extension::None)
    Attributes = Attributes.addRetAttribute(Context, attributeKind(ResultExtension));
  for (unsigned Index = 0; Index < Params.size(); ++Index) {
    Extension E = Params[Index].extension;
    if (E != Extension::None)
      Attributes = Attributes.addParamAttribute(Context, Index, attributeKind(E));
  }
  return module_.getOrInsertFunction(Name, FunctionType::get(Result, ParamTypes, false),
                                     Attributes);
}

} // namespace lockstep::runtime
