// The callbacks that programs built with lockstep-cc / lockstep-c++ call for their memory
// accesses (runtime/pass/lockstep_abi.h). Plain accesses and the memory intrinsics go to the
// race detector (race_detector.h), which returns after one range test for untracked memory;
// atomics are performed as the program asked and tell the race detector what they synchronize.
#include "lockstep_abi.h"
#include "race_detector.h"

#include <cstring>
#include <type_traits>

extern "C" {

void __lockstep_abi_version_1(void) {}

#define LOCKSTEP_PLAIN_ACCESS(kind, size)                                                          \
  void __lockstep_##kind##_##size(void *addr, const struct __lockstep_srcloc *loc) {               \
    if (lockstep::runtime::maybeTracked(addr))                                                     \
      lockstep::runtime::raceAccess(addr, size, LOCKSTEP_IS_##kind, loc);                          \
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
  lockstep::runtime::raceAccess(addr, size, false, loc);
}
void __lockstep_store_range(void *addr, uint64_t size, const struct __lockstep_srcloc *loc) {
  lockstep::runtime::raceAccess(addr, size, true, loc);
}

void *__lockstep_memcpy(void *dst, const void *src, uint64_t n,
                        const struct __lockstep_srcloc *loc) {
  lockstep::runtime::raceAccess(src, n, false, loc);
  lockstep::runtime::raceAccess(dst, n, true, loc);
  return memcpy(dst, src, n);
}
void *__lockstep_memmove(void *dst, const void *src, uint64_t n,
                         const struct __lockstep_srcloc *loc) {
  lockstep::runtime::raceAccess(src, n, false, loc);
  lockstep::runtime::raceAccess(dst, n, true, loc);
  return memmove(dst, src, n);
}
void *__lockstep_memset(void *dst, int c, uint64_t n, const struct __lockstep_srcloc *loc) {
  lockstep::runtime::raceAccess(dst, n, true, loc);
  return memset(dst, c, n);
}

void __lockstep_unsupported_atomic(const struct __lockstep_srcloc *) {}
void __lockstep_atomic_fence(int order, const struct __lockstep_srcloc *) {
  lockstep::runtime::raceAtomicFence(order);
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

} // extern "C"

namespace {

template <typename T> T rmw(T *p, T operand, int op) {
  switch (op) {
  case LOCKSTEP_RMW_XCHG:
    return __atomic_exchange_n(p, operand, __ATOMIC_SEQ_CST);
  case LOCKSTEP_RMW_ADD:
    return __atomic_fetch_add(p, operand, __ATOMIC_SEQ_CST);
  case LOCKSTEP_RMW_SUB:
    return __atomic_fetch_sub(p, operand, __ATOMIC_SEQ_CST);
  case LOCKSTEP_RMW_AND:
    return __atomic_fetch_and(p, operand, __ATOMIC_SEQ_CST);
  case LOCKSTEP_RMW_NAND:
    return __atomic_fetch_nand(p, operand, __ATOMIC_SEQ_CST);
  case LOCKSTEP_RMW_OR:
    return __atomic_fetch_or(p, operand, __ATOMIC_SEQ_CST);
  case LOCKSTEP_RMW_XOR:
    return __atomic_fetch_xor(p, operand, __ATOMIC_SEQ_CST);
  default: { // min/max: a compare-exchange loop with the signedness the op asks for
    using S = std::make_signed_t<T>;
    T old = __atomic_load_n(p, __ATOMIC_SEQ_CST);
    for (;;) {
      T next = old;
      if (op == LOCKSTEP_RMW_MAX)
        next = static_cast<S>(operand) > static_cast<S>(old) ? operand : old;
      else if (op == LOCKSTEP_RMW_MIN)
        next = static_cast<S>(operand) < static_cast<S>(old) ? operand : old;
      else if (op == LOCKSTEP_RMW_UMAX)
        next = operand > old ? operand : old;
      else
        next = operand < old ? operand : old;
      if (__atomic_compare_exchange_n(p, &old, next, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        return old;
    }
  }
  }
}

} // namespace

#define LOCKSTEP_ATOMICS(size, T)                                                                  \
  extern "C" T __lockstep_atomic_load_##size(void *addr, int order,                                \
                                             const struct __lockstep_srcloc *loc) {                \
    lockstep::runtime::raceAtomicLoad(addr, size, order, loc);                                     \
    return __atomic_load_n(static_cast<T *>(addr), __ATOMIC_SEQ_CST);                              \
  }                                                                                                \
  extern "C" void __lockstep_atomic_store_##size(void *addr, T value, int order,                   \
                                                 const struct __lockstep_srcloc *loc) {            \
    lockstep::runtime::raceAtomicStore(addr, size, order, loc);                                    \
    __atomic_store_n(static_cast<T *>(addr), value, __ATOMIC_SEQ_CST);                             \
  }                                                                                                \
  extern "C" T __lockstep_atomic_rmw_##size(void *addr, T operand, int op, int order,              \
                                            const struct __lockstep_srcloc *loc) {                 \
    lockstep::runtime::raceAtomicRmw(addr, size, order, loc);                                      \
    return rmw(static_cast<T *>(addr), operand, op);                                               \
  }                                                                                                \
  extern "C" T __lockstep_atomic_cmpxchg_##size(void *addr, T expected, T desired, int success,    \
                                                int failure,                                       \
                                                const struct __lockstep_srcloc *loc) {             \
    const T wanted = expected;                                                                     \
    __atomic_compare_exchange_n(static_cast<T *>(addr), &expected, desired, false,                 \
                                __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);                               \
    if (expected == wanted)                                                                        \
      lockstep::runtime::raceAtomicRmw(addr, size, success, loc);                                  \
    else                                                                                           \
      lockstep::runtime::raceAtomicLoad(addr, size, failure, loc);                                 \
    return expected;                                                                               \
  }
LOCKSTEP_ATOMICS(1, uint8_t)
LOCKSTEP_ATOMICS(2, uint16_t)
LOCKSTEP_ATOMICS(4, uint32_t)
LOCKSTEP_ATOMICS(8, uint64_t)
#undef LOCKSTEP_ATOMICS
