// Turns call sites and data addresses (module + offset) into "function (file:line)" and
// variable names, with LLVM's symbolizer library and the program's debug info.
#pragma once

#include "trace/execution.h"

#include <map>
#include <memory>
#include <string>

namespace llvm::symbolize {
class LLVMSymbolizer;
}

namespace lockstep::checker {

class Symbolizer {
public:
  Symbolizer();
  ~Symbolizer();
  Symbolizer(const Symbolizer &) = delete;
  Symbolizer &operator=(const Symbolizer &) = delete;

  // "worker (examples/deadlock.c:31)", "worker+0x1c (prog)", or "" when nothing is known.
  std::string describeSite(const std::vector<std::string> &modules, const CallSite &site);

  // The name of the global variable at that module offset, or "".
  std::string describeData(const std::vector<std::string> &modules, uint16_t module,
                           uint64_t offset);

private:
  std::unique_ptr<llvm::symbolize::LLVMSymbolizer> impl_;
  std::map<std::pair<std::string, uint64_t>, std::string> cache_;
};

} // namespace lockstep::checker
