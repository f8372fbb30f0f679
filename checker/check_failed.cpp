// LOCKSTEP_CHECK failures in the checker: print where, end with the internal-error code.
#include "lockstep/models/check.h"

#include <cstdio>
#include <cstdlib>

namespace lockstep {

void checkFailed(const char *file, int line, const char *condition) {
  fprintf(stderr, "lockstep: internal check failed at %s:%d: %s\n", file, line, condition);
  std::_Exit(kInternalErrorExit);
}

} // namespace lockstep
