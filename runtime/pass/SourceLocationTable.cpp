// Implementation of SourceLocationTable: resolving debug locations to (file, function, line,
// column) and emitting the deduplicated private constants the instrumentation calls point at.
#include "SourceLocationTable.h"

#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace lockstep::runtime {

namespace {

constexpr const char *kRecordTypeName = "struct.__lockstep_srcloc";
constexpr const char *kRecordGlobalName = "__lockstep_srcloc";
constexpr const char *kStringGlobalName = "__lockstep_srcloc_str";

std::string joinPath(StringRef Directory, StringRef File) {
  if (File.empty() || Directory.empty() || sys::path::is_absolute(File))
    return File.str();
  SmallString<256> Joined(Directory);
  sys::path::append(Joined, File);
  return std::string(Joined.str());
}

// Directories of system and toolchain headers (after removing "." and ".." components). A
// frame in one of them is library code: libstdc++'s std::atomic members, std::thread's
// trampolines, glibc's inline functions.
constexpr const char *kLibraryPrefixes[] = {"/usr/include/", "/usr/lib/", "/usr/lib64/",
                                            "/usr/local/include/"};

bool isLibraryFile(const std::string &Path) {
  SmallString<256> Normalized(Path);
  sys::path::remove_dots(Normalized, /*remove_dot_dot=*/true);
  for (const char *Prefix : kLibraryPrefixes)
    if (Normalized.str().startswith(Prefix))
      return true;
  return false;
}

std::string fileOf(const DILocation &Location) {
  return joinPath(Location.getDirectory(), Location.getFilename());
}

// The frame to report among the inlining chain of a debug location, innermost first: the
// innermost frame in user code, or the outermost (the physical function) when all are library.
const DILocation &reportedFrame(const DILocation &Innermost) {
  for (const DILocation *Frame = &Innermost; Frame; Frame = Frame->getInlinedAt())
    if (!isLibraryFile(fileOf(*Frame)))
      return *Frame;
  const DILocation *Outermost = &Innermost;
  while (const DILocation *Caller = Outermost->getInlinedAt())
    Outermost = Caller;
  return *Outermost;
}

std::string functionName(const DISubprogram *Subprogram, const Function &F) {
  if (Subprogram && !Subprogram->getName().empty())
    return Subprogram->getName().str();
  return demangle(F.getName().str());
}

} // namespace

SourceLocation resolveSourceLocation(const Instruction &I) {
  const Function &F = *I.getFunction();
  SourceLocation Result;
  if (const DILocation *Innermost = I.getDebugLoc().get()) {
    const DILocation &Frame = reportedFrame(*Innermost);
    Result.file = fileOf(Frame);
    Result.function = functionName(Frame.getScope()->getSubprogram(), F);
    Result.line = Frame.getLine();
    Result.column = Frame.getColumn();
  } else {
    const DISubprogram *Subprogram = F.getSubprogram();
    if (Subprogram)
      Result.file = joinPath(Subprogram->getDirectory(), Subprogram->getFilename());
    Result.function = functionName(Subprogram, F);
  }
  if (Result.file.empty())
    Result.file = F.getParent()->getSourceFileName();
  return Result;
}

SourceLocationTable::SourceLocationTable(Module &M) : module_(M) {
  LLVMContext &Context = M.getContext();
  Type *Int8Ptr = Type::getInt8PtrTy(Context);
  Type *Int32 = Type::getInt32Ty(Context);
  Type *Fields[] = {Int8Ptr, Int8Ptr, Int32, Int32};
  // Reuse the program's own definition (from including lockstep_abi.h) when it matches.
  recordType_ = StructType::getTypeByName(Context, kRecordTypeName);
  if (!recordType_ || recordType_->isOpaque() || recordType_->elements() != makeArrayRef(Fields))
    recordType_ = StructType::create(Context, Fields, kRecordTypeName);
}

Constant *SourceLocationTable::recordFor(const Instruction &I) {
  SourceLocation Location = resolveSourceLocation(I);
  auto Key = std::make_tuple(Location.file, Location.function, Location.line, Location.column);
  auto Found = records_.find(Key);
  if (Found != records_.end())
    return Found->second;

  LLVMContext &Context = module_.getContext();
  Type *Int32 = Type::getInt32Ty(Context);
  Constant *Fields[] = {internString(Location.file), internString(Location.function),
                        ConstantInt::get(Int32, Location.line),
                        ConstantInt::get(Int32, Location.column)};
  auto *Record =
      new GlobalVariable(module_, recordType_, /*isConstant=*/true, GlobalValue::PrivateLinkage,
                         ConstantStruct::get(recordType_, Fields), kRecordGlobalName);
  Record->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  Record->setAlignment(module_.getDataLayout().getABITypeAlign(recordType_));
  Constant *Pointer = ConstantExpr::getPointerCast(Record, Type::getInt8PtrTy(Context));
  records_.emplace(std::move(Key), Pointer);
  return Pointer;
}

Constant *SourceLocationTable::internString(const std::string &Text) {
  auto Found = strings_.find(Text);
  if (Found != strings_.end())
    return Found->second;
  LLVMContext &Context = module_.getContext();
  Constant *Data = ConstantDataArray::getString(Context, Text, /*AddNull=*/true);
  auto *String = new GlobalVariable(module_, Data->getType(), /*isConstant=*/true,
                                    GlobalValue::PrivateLinkage, Data, kStringGlobalName);
  String->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  String->setAlignment(Align(1));
  Constant *Zero = ConstantInt::get(Type::getInt32Ty(Context), 0);
  Constant *Pointer = ConstantExpr::getInBoundsGetElementPtr(Data->getType(), String,
                                                             ArrayRef<Constant *>{Zero, Zero});
  strings_[Text] = Pointer;
  return Pointer;
}

} // namespace lockstep::runtime
