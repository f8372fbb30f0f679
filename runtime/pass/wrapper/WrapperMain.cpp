// main() of the compiler wrappers lockstep-cc and lockstep-c++: this one file is compiled twice,
// with LOCKSTEP_WRAPPER_CXX set to 0 or 1, and replaces itself with the clang driver running the
// command WrapperArgs builds.
#include "WrapperArgs.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

#ifndef LOCKSTEP_WRAPPER_CXX
#error "LOCKSTEP_WRAPPER_CXX must be defined to 0 (lockstep-cc) or 1 (lockstep-c++)"
#endif

namespace {

constexpr lockstep::runtime::WrapperLanguage kLanguage =
    LOCKSTEP_WRAPPER_CXX ? lockstep::runtime::WrapperLanguage::Cxx
                         : lockstep::runtime::WrapperLanguage::C;

// Exit status when the compiler cannot be started: a setup mistake of the user's.
constexpr int kUsageError = 2;

} // namespace

int main(int argc, char **argv) {
  using namespace lockstep::runtime;
  std::vector<std::string> Args(argv + 1, argv + argc);
  WrapperSettings Settings =
      wrapperSettings(kLanguage, [](const char *Name) { return std::getenv(Name); });
  std::vector<std::string> Command = compilerCommand(Settings, Args);

  std::vector<char *> Argv;
  Argv.reserve(Command.size() + 1);
  for (std::string &Arg : Command)
    Argv.push_back(Arg.data());
  Argv.push_back(nullptr);
  execvp(Argv[0], Argv.data());

  std::fprintf(stderr, "%s: cannot run '%s' (%s); set %s to a clang 14 driver.\n",
               wrapperName(kLanguage), Argv[0], std::strerror(errno), compilerVariable(kLanguage));
  return kUsageError;
}
