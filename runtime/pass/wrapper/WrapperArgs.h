// The argument logic shared by the compiler wrappers lockstep-cc and lockstep-c++: where the
// compiler, the pass plugin and the runtime are (build-time defaults from CMake, overridable by
// environment variables), whether an invocation links, and the full command line to exec.
//
// Environment variables:
//   LOCKSTEP_CLANG / LOCKSTEP_CLANGXX  the C / C++ compiler driver to run (default clang-14 /
//                                      clang++-14, found on PATH).
//   LOCKSTEP_PASS_PLUGIN               path of LockstepPass.so (default: the one CMake built).
//   LOCKSTEP_RUNTIME_DIR               directory holding liblockstep_rt.so (default: CMake's
//                                      LOCKSTEP_RUNTIME_DIR).
//   LOCKSTEP_RUNTIME_LIB               full path of a shared library linked INSTEAD of
//                                      -llockstep_rt (tests use it to link a recording stub);
//                                      its directory goes into the rpath.
#ifndef LOCKSTEP_RUNTIME_PASS_WRAPPER_WRAPPERARGS_H
#define LOCKSTEP_RUNTIME_PASS_WRAPPER_WRAPPERARGS_H

#include <functional>
#include <string>
#include <vector>

namespace lockstep::runtime {

enum class WrapperLanguage { C, Cxx };

struct WrapperSettings {
  std::string compiler;       // driver to exec; never empty
  std::string passPlugin;     // LockstepPass.so
  std::string runtimeDir;     // directory of liblockstep_rt.so, used with -L and the rpath
  std::string runtimeLibrary; // replaces -llockstep_rt when not empty
};

// Returns the value of an environment variable, or null when unset.
using EnvironmentLookup = std::function<const char *(const char *)>;

// The wrapper's name as users type it: "lockstep-cc" or "lockstep-c++".
const char *wrapperName(WrapperLanguage Language);
// The environment variable that overrides the compiler: LOCKSTEP_CLANG or LOCKSTEP_CLANGXX.
const char *compilerVariable(WrapperLanguage Language);

// Build-time defaults, each replaced by its environment variable when set and not empty.
WrapperSettings wrapperSettings(WrapperLanguage Language, const EnvironmentLookup &Environment);

// False when the arguments stop before linking (-c, -S, -E, -M, -MM, -fsyntax-only,
// --precompile); true otherwise, including for link-only invocations on object files.
bool invocationLinks(const std::vector<std::string> &Args);

// The command to exec: the compiler, the user's arguments, then -g, -fpass-plugin and
// -D__LOCKSTEP__=1 (after the user's, so a -g0 cannot drop the locations), then, when the
// invocation links, the runtime library with an rpath, kept even under --as-needed.
std::vector<std::string> compilerCommand(const WrapperSettings &Settings,
                                         const std::vector<std::string> &Args);

} // namespace lockstep::runtime

#endif // LOCKSTEP_RUNTIME_PASS_WRAPPER_WRAPPERARGS_H
