// Program resolution and checks (see program.h).
#include "engine/program.h"

#include "engine/errors.h"

#include <llvm/ADT/ArrayRef.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/Object/ELFObjectFile.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Support/SHA256.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <elf.h>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

namespace lockstep::checker {
namespace {

std::string searchPath(const std::string &name) {
  if (name.find('/') != std::string::npos)
    return name;
  const char *path = getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    const size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string dir = end > start ? dirs.substr(start, end - start) : ".";
    const std::string candidate = dir + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0)
      return candidate;
    start = end + 1;
  }
  throw UsageError("cannot find program '" + name + "' in PATH");
}

// True for an ELF executable without a program interpreter (statically linked).
bool isStaticElf(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  Elf64_Ehdr header{};
  if (!in.read(reinterpret_cast<char *>(&header), sizeof header) ||
      memcmp(header.e_ident, ELFMAG, SELFMAG) != 0)
    return false; // a script: its interpreter is checked when it runs
  if (header.e_ident[EI_CLASS] != ELFCLASS64)
    return false;
  for (int i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr ph{};
    in.seekg(static_cast<std::streamoff>(header.e_phoff + i * header.e_phentsize));
    if (!in.read(reinterpret_cast<char *>(&ph), sizeof ph))
      return false;
    if (ph.p_type == PT_INTERP)
      return false;
  }
  return true;
}

// False for an ELF file whose dynamic symbols do not include __lockstep_abi_version_1, which every
// object instrumented by the pass refers to (runtime/pass/lockstep_abi.h). True for anything
// that is not a readable ELF file (a script runs some other program: nothing to say).
bool refersToRuntimeAbi(const std::string &path) {
  llvm::Expected<llvm::object::OwningBinary<llvm::object::ObjectFile>> file =
      llvm::object::ObjectFile::createObjectFile(path);
  if (!file) {
    llvm::consumeError(file.takeError());
    return true;
  }
  const auto *elf = llvm::dyn_cast<llvm::object::ELFObjectFileBase>(file->getBinary());
  if (elf == nullptr)
    return true;
  for (const llvm::object::ELFSymbolRef &symbol : elf->getDynamicSymbolIterators()) {
    llvm::Expected<llvm::StringRef> name = symbol.getName();
    if (!name) {
      llvm::consumeError(name.takeError());
      continue;
    }
    if (*name == "__lockstep_abi_version_1")
      return true;
  }
  return false;
}

} // namespace

Program resolveProgram(const std::string &name, std::vector<std::string> arguments) {
  const std::string found = searchPath(name);
  struct stat st {};
  if (stat(found.c_str(), &st) != 0)
    throw UsageError("program '" + name + "' does not exist");
  if (!S_ISREG(st.st_mode))
    throw UsageError("program '" + name + "' is not a regular file");
  if (access(found.c_str(), X_OK) != 0)
    throw UsageError("program '" + name + "' is not executable");
  if (isStaticElf(found))
    throw UsageError("program '" + name +
                     "' is statically linked; Lockstep preloads its runtime, so link it "
                     "dynamically (or build it with lockstep-cc / lockstep-c++)");
  char resolved[PATH_MAX];
  if (realpath(found.c_str(), resolved) == nullptr)
    throw UsageError("cannot resolve the path of '" + name + "'");
  Program p;
  p.path = resolved;
  p.arguments = std::move(arguments);
  p.hash = fileSha256(p.path);
  p.instrumented = refersToRuntimeAbi(p.path);
  return p;
}

std::string fileSha256(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return {};
  llvm::SHA256 sha;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    sha.update(llvm::StringRef(buffer, static_cast<size_t>(in.gcount())));
    if (!in)
      break;
  }
  const auto digest = sha.final();
  static const char *hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

std::string findRuntimeLibrary() {
  if (const char *env = getenv("LOCKSTEP_RUNTIME"); env != nullptr && *env != '\0') {
    if (access(env, R_OK) != 0)
      throw UsageError(std::string("LOCKSTEP_RUNTIME names a missing file: ") + env);
    return env;
  }
  char self[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) {
    self[n] = '\0';
    std::string dir(self);
    dir = dir.substr(0, dir.rfind('/'));
    for (const char *relative :
         {"/../lib/liblockstep_rt.so", "/../lib/lockstep/liblockstep_rt.so"}) {
      const std::string candidate = dir + relative;
      char resolved[PATH_MAX];
      if (realpath(candidate.c_str(), resolved) != nullptr)
        return resolved;
    }
  }
  throw UsageError(
      "cannot find liblockstep_rt.so beside the lockstep binary; set LOCKSTEP_RUNTIME");
}

std::string uninstrumentedWarning(const Program &program) {
  if (program.instrumented)
    return {};
  return "lockstep: note: " + program.path +
         " was not built with lockstep-cc / lockstep-c++, so its calls are checked but not its "
         "memory accesses or atomics (no data-race detection)\n";
}

} // namespace lockstep::checker
