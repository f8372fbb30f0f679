// The callbacks that programs built with lockstep-cc / lockstep-c++ call for their memory
// accesses (runtime/pass/lockstep_abi.h). Today plain accesses cost a call that returns at once
// and the memory intrinsics do the copy; shadow memory and race detection build on these. The
// atomic callbacks live in intercept_atomic.cpp.
#include "lockstep_abi.h"

#include <cstring>

extern "C" {

void __lockstep_abi_version_1(void) {}

#define LOCKSTEP_PLAIN_ACCESS(kind, size)                                                          \
  void __lockstep_##kind##_##size(void *, const struct __lockstep_srcloc *) {}
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

void __lockstep_load_range(void *, uint64_t, const struct __lockstep_srcloc *) {}
void __lockstep_store_range(void *, uint64_t, const struct __lockstep_srcloc *) {}

void *__lockstep_memcpy(void *dst, const void *src, uint64_t n, const struct __lockstep_srcloc *) {
  return memcpy(dst, src, n);
}
void *__lockstep_memmove(void *dst, const void *src, uint64_t n, const struct __lockstep_srcloc *) {
  return memmove(dst, src, n);
}
void *__lockstep_memset(void *dst, int c, uint64_t n, const struct __lockstep_srcloc *) {
  return memset(dst, c, n);
}

} // extern "C"
