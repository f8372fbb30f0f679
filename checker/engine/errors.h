// The checker's error types and exit codes (the output contract in docs/output.md).
#pragma once

#include <stdexcept>

namespace lockstep::checker {

inline constexpr int kExitClean = 0;
inline constexpr int kExitBug = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;
inline constexpr int kExitInterrupted = 130;

// A mistake of the user's (bad option, missing program, malformed schedule): exit 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Lockstep was interrupted (SIGINT/SIGTERM): the program's processes are gone, exit 130.
struct Interrupted : std::runtime_error {
  Interrupted() : std::runtime_error("interrupted") {}
};

} // namespace lockstep::checker
