// Symbolization through LLVM's DebugInfo/Symbolize (see symbolizer.h).
#include "report/symbolizer.h"

#include <llvm/DebugInfo/Symbolize/Symbolize.h>
#include <llvm/Object/ObjectFile.h>

namespace lockstep::checker {

namespace {

std::string baseName(const std::string &path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Paths are shown relative to the working directory when they are inside it.
std::string shortPath(const std::string &path) {
  static const std::string cwd = [] {
    char buffer[4096];
    return getcwd(buffer, sizeof buffer) != nullptr ? std::string(buffer) + "/" : std::string();
  }();
  if (!cwd.empty() && path.rfind(cwd, 0) == 0)
    return path.substr(cwd.size());
  return path;
}

} // namespace

Symbolizer::Symbolizer() {
  llvm::symbolize::LLVMSymbolizer::Options options;
  options.Demangle = true;
  options.UseSymbolTable = true;
  impl_ = std::make_unique<llvm::symbolize::LLVMSymbolizer>(options);
}

Symbolizer::~Symbolizer() = default;

std::string Symbolizer::describeSite(const std::vector<std::string> &modules,
                                     const CallSite &site) {
  if (site.module == protocol::kNoModule || site.module >= modules.size() || site.offset == 0)
    return "";
  const std::string &module = modules[site.module];
  const auto key = std::make_pair(module, uint64_t{site.offset});
  if (auto it = cache_.find(key); it != cache_.end())
    return it->second;
  // The return address follows the call: look up the byte before it.
  const uint64_t address = site.offset - 1;
  std::string text;
  auto info = impl_->symbolizeCode(module, {address, llvm::object::SectionedAddress::UndefSection});
  if (info && info->FunctionName != llvm::DILineInfo::BadString) {
    text = info->FunctionName;
    if (info->FileName != llvm::DILineInfo::BadString && info->Line != 0)
      text += " (" + shortPath(info->FileName) + ":" + std::to_string(info->Line) + ")";
    else
      text += " (" + baseName(module) + ")";
  } else {
    if (!info)
      llvm::consumeError(info.takeError());
    char offset[32];
    snprintf(offset, sizeof offset, "+0x%llx", static_cast<unsigned long long>(address));
    text = baseName(module) + offset;
  }
  cache_.emplace(key, text);
  return text;
}

std::string Symbolizer::describeData(const std::vector<std::string> &modules, uint16_t module,
                                     uint64_t offset) {
  if (module >= modules.size())
    return "";
  auto global =
      impl_->symbolizeData(modules[module], {offset, llvm::object::SectionedAddress::UndefSection});
  if (!global) {
    llvm::consumeError(global.takeError());
    return "";
  }
  if (global->Name.empty() || global->Name == llvm::DILineInfo::BadString)
    return "";
  std::string text = global->Name;
  if (offset > global->Start)
    text += "+" + std::to_string(offset - global->Start);
  return text;
}

} // namespace lockstep::checker
