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
};

// Resolves name like execvp does and checks it can be run under Lockstep; throws UsageError.
Program resolveProgram(const std::string &name, std::vector<std::string> arguments);

// SHA-256 of a file, in hex; empty when unreadable.
std::string fileSha256(const std::string &path);

// liblockstep_rt.so: $LOCKSTEP_RUNTIME, else beside the lockstep binary (../lib); throws.
std::string findRuntimeLibrary();

} // namespace lockstep::checker
