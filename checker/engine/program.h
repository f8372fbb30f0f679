// The program under test as the checker launches it: resolved path, arguments, the environment
// with the runtime preloaded, and the checks that give a clear error before anything runs
// (missing, not executable, statically linked).
#pragma once

#include <string>
#include <vector>

namespace lockstep::checker {

struct Program {
  std::string path;                   // absolute
  std::vector<std::string> arguments; // argv[1..]
  std::string hash;                   // SHA-256 of the binary, hex
  // False for an ELF executable that does not refer to the Lockstep runtime's ABI: it was not
  // built with lockstep-cc / lockstep-c++, so its memory accesses and atomics are not seen
  // (its calls are, through the preloaded runtime). True otherwise, scripts included.
  bool instrumented = true;
};

// Resolves name like execvp does and checks it can be run under Lockstep; throws UsageError.
Program resolveProgram(const std::string &name, std::vector<std::string> arguments);

// The note printed before running an uninstrumented program (empty when it is instrumented).
std::string uninstrumentedWarning(const Program &program);

// SHA-256 of a file, in hex; empty when unreadable.
std::string fileSha256(const std::string &path);

// liblockstep_rt.so: $LOCKSTEP_RUNTIME, else beside the lockstep binary (../lib); throws.
std::string findRuntimeLibrary();

} // namespace lockstep::checker
