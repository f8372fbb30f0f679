// LOCKSTEP_CHECK: an internal invariant, checked in release builds too (as rr keeps its
// assertions on). On failure it prints file:line and the condition and ends the process with
// kInternalErrorExit, a code distinct from every verdict and usage error.
#pragma once

namespace lockstep {
inline constexpr int kInternalErrorExit = 3;
[[noreturn]] void checkFailed(const char *file, int line, const char *condition);
} // namespace lockstep

#define LOCKSTEP_CHECK(cond)                                                                       \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      ::lockstep::checkFailed(__FILE__, __LINE__, #cond);                                          \
  } while (0)
