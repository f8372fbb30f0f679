// The callbacks that programs built with lockstep-cc / lockstep-c++ call for their memory
// accesses (runtime/pass/lockstep_abi.h). Plain accesses and the memory intrinsics go to the
// race detector (race_detector.h), which returns after one range test for untracked memory. The
// atomic callbacks live in intercept_atomic.cpp.
#include "lockstep_abi.h"
#include "race_detector.h"
#include "race_fast_path.h"
#include "race_focus.h"

#include <cstring>

namespace {

// An access that only needs recording, or that the same epoch made in several cells
// (race_fast_path.h); untracked memory; then race focus (when some location is focused) before
// the access, and the check.
void plainAccess(void *addr, uint32_t size, bool write, const struct __lockstep_srcloc *loc,
                 const void *pc) {
  if (lockstep::runtime::raceCoveredOrRecorded(addr, size, write, loc))
    return;
  if (!lockstep::runtime::maybeTracked(addr))
    return;
  if (lockstep::runtime::focusPossible())
    lockstep::runtime::focusAccess(addr, size, write, pc);
  lockstep::runtime::raceAccess(addr, size, write, loc);
}

} // namespace

extern "C" {

void __lockstep_abi_version_1(void) {}

// The pass calls these only when __lockstep_filter lets the access through and its inlined
// same-epoch test could not show the call needless (lockstep_abi.h): an access to shared memory
// in a granule that this epoch has not made the access to (often the first touch, which only
// needs recording), or private memory of a multi-threaded process. (The thread's epoch is known
// only while no location is focused: race focus may have to make the access a visible operation
// first.)
#define LOCKSTEP_PLAIN_ACCESS(kind, size)                                                          \
  void __lockstep_##kind##_##size(void *addr, const struct __lockstep_srcloc *loc) {               \
    plainAccess(addr, size, LOCKSTEP_IS_##kind, loc, __builtin_return_address(0));                 \
  }
#define LOCKSTEP_IS_load false
#define LOCKSTEP_IS_store true
LOCKSTEP_PLAIN_ACCESS(load, 1)
LOCKSTEP_PLAIN_ACCESS(load, 2)
LOCKSTEP_PLAIN_ACCESS(load, 4)
LOCKSTEP_PLAIN_ACCESS(load, 8)
LOCKSTEP_PLAIN_ACCESS(load, 16)
LOCKSTEP_PLAIN_ACCESS(store, 1)
LOCKSTEP_PLAIN_ACCESS(store, 2)
LOCKSTEP_PLAIN_ACCESS(store, 4)
LOCKSTEP_PLAIN_ACCESS(store, 8)
LOCKSTEP_PLAIN_ACCESS(store, 16)
#undef LOCKSTEP_PLAIN_ACCESS
#undef LOCKSTEP_IS_load
#undef LOCKSTEP_IS_store

void __lockstep_load_range(void *addr, uint64_t size, const struct __lockstep_srcloc *loc) {
  lockstep::runtime::focusAccess(addr, size, false, __builtin_return_address(0));
  lockstep::runtime::raceAccess(addr, size, false, loc);
}
void __lockstep_store_range(void *addr, uint64_t size, const struct __lockstep_srcloc *loc) {
  lockstep::runtime::focusAccess(addr, size, true, __builtin_return_address(0));
  lockstep::runtime::raceAccess(addr, size, true, loc);
}

void *__lockstep_memcpy(void *dst, const void *src, uint64_t n,
                        const struct __lockstep_srcloc *loc) {
  lockstep::runtime::raceAccess(src, n, false, loc);
  lockstep::runtime::raceAccess(dst, n, true, loc);
  if (lockstep::runtime::focusCopy(dst, src, n, false, __builtin_return_address(0)))
    return dst;
  return memcpy(dst, src, n);
}
void *__lockstep_memmove(void *dst, const void *src, uint64_t n,
                         const struct __lockstep_srcloc *loc) {
  lockstep::runtime::raceAccess(src, n, false, loc);
  lockstep::runtime::raceAccess(dst, n, true, loc);
  if (lockstep::runtime::focusCopy(dst, src, n, true, __builtin_return_address(0)))
    return dst;
  return memmove(dst, src, n);
}
void *__lockstep_memset(void *dst, int c, uint64_t n, const struct __lockstep_srcloc *loc) {
  lockstep::runtime::raceAccess(dst, n, true, loc);
  if (lockstep::runtime::focusFill(dst, c, n, __builtin_return_address(0)))
    return dst;
  return memset(dst, c, n);
}

} // extern "C"
