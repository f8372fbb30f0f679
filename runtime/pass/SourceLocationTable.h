// SourceLocationTable builds the per-module `struct __lockstep_srcloc` records that every
// instrumentation call receives (see lockstep_abi.h). It resolves an instruction's position to
// the innermost frame of its inlining chain that lies in user code rather than in system
// headers, so std::atomic members inlined into user code report the user's line, and it emits
// one private constant per distinct (file, function, line, column) and one per distinct string.
#ifndef LOCKSTEP_RUNTIME_PASS_SOURCELOCATIONTABLE_H
#define LOCKSTEP_RUNTIME_PASS_SOURCELOCATIONTABLE_H

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Constant.h"
#include "llvm/IR/DerivedTypes.h"

#include <cstdint>
#include <map>
#include <string>
#include <tuple>

namespace llvm {
class Instruction;
class Module;
} // namespace llvm

namespace lockstep::runtime {

// A source position before it becomes a constant.
struct SourceLocation {
  std::string file;
  std::string function;
  uint32_t line = 0;
  uint32_t column = 0;
};

// Resolves the position the runtime should report for `I` (rules in lockstep_abi.h).
SourceLocation resolveSourceLocation(const llvm::Instruction &I);

class SourceLocationTable {
public:
  explicit SourceLocationTable(llvm::Module &M);

  // An i8* constant pointing at the record for `I`'s position, created on first use.
  llvm::Constant *recordFor(const llvm::Instruction &I);

private:
  llvm::Constant *internString(const std::string &Text);

  llvm::Module &module_;
  llvm::StructType *recordType_;
  // Keyed by (file, function, line, column); values are i8* casts of the record globals.
  std::map<std::tuple<std::string, std::string, uint32_t, uint32_t>, llvm::Constant *> records_;
  // Keyed by text; values are i8* pointers to the first character.
  llvm::StringMap<llvm::Constant *> strings_;
};

} // namespace lockstep::runtime

#endif // LOCKSTEP_RUNTIME_PASS_SOURCELOCATIONTABLE_H
