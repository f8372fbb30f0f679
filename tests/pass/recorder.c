/* A test-only stand-in for liblockstep_rt: it defines every callback of lockstep_abi.h, performs
 * the operations the pass delegates (atomics, memcpy/memmove/memset) for real with __atomic
 * builtins and libc, and appends one line per call to the file named by LOCKSTEP_RECORD_FILE
 * (nothing is written when it is unset). Each line is tab-separated:
 *   kind  size  order  failure_order  op  line  column  function  file
 * with -1 for fields that do not apply. Kinds: load, store, load_range, store_range, memcpy,
 * memmove, memset (size = byte count), atomic_load, atomic_store, atomic_rmw, atomic_cmpxchg,
 * atomic_fence, unsupported_atomic. Each line is one write() on an O_APPEND descriptor, so
 * threads and processes may record concurrently. errno is preserved. */
#define _POSIX_C_SOURCE 200809L

#include "lockstep_abi.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void record(const char *kind, long long size, int order, int failure_order, int op,
                   const struct __lockstep_srcloc *loc) {
  const char *path = getenv("LOCKSTEP_RECORD_FILE");
  if (!path || !*path)
    return;
  int saved_errno = errno;
  char line[2048];
  int length =
      snprintf(line, sizeof line, "%s\t%lld\t%d\t%d\t%d\t%u\t%u\t%s\t%s\n", kind, size, order,
               failure_order, op, loc ? loc->line : 0u, loc ? loc->column : 0u,
               loc && loc->function ? loc->function : "", loc && loc->file ? loc->file : "");
  if (length > (int)sizeof line - 1)
    length = (int)sizeof line - 1;
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0) {
    ssize_t written = write(fd, line, (size_t)length);
    (void)written;
    close(fd);
  }
  errno = saved_errno;
}

void __lockstep_abi_version_1(void) {}

/* The inlined filter (lockstep_abi.h) lets every access through: low 0, span all addresses, and a
 * thread count of 2. lockstep_recorder_track_only narrows it to one range of a process that says it
 * is single-threaded, so that a test sees which accesses the inlined test lets through. */
static const int32_t kRecorderThreads[2] = {1, 2};
struct __lockstep_access_filter __lockstep_filter = {0, UINTPTR_MAX, &kRecorderThreads[1]};

/* The segment cache is empty and the epoch unknown: the inlined same-epoch test never skips a
 * callback. */
struct __lockstep_segment __lockstep_segments[LOCKSTEP_SEGMENT_SLOTS];
__thread uint32_t __lockstep_epoch;

/* Makes [start, start + length) (inside one granule's worth of cells) a cached segment whose
 * shadow is `cells`, and `epoch` the thread's epoch, so that a test can see the inlined
 * same-epoch test skip a callback. */
void lockstep_recorder_shadow(const void *start, size_t length, void *cells, uint32_t epoch) {
  struct __lockstep_segment *slot =
      &__lockstep_segments[((uintptr_t)start >> LOCKSTEP_SEGMENT_SHIFT) % LOCKSTEP_SEGMENT_SLOTS];
  slot->start = (uintptr_t)start;
  slot->end = (uintptr_t)start + length;
  slot->shadow = cells;
  __lockstep_epoch = epoch;
}

void lockstep_recorder_track_only(const void *start, size_t length) {
  __lockstep_filter.low = (uintptr_t)start;
  __lockstep_filter.span = length;
  __lockstep_filter.threads = &kRecorderThreads[0];
}

#define PLAIN_ACCESS(N)                                                                            \
  void __lockstep_load_##N(void *addr, const struct __lockstep_srcloc *loc) {                      \
    (void)addr;                                                                                    \
    record("load", N, -1, -1, -1, loc);                                                            \
  }                                                                                                \
  void __lockstep_store_##N(void *addr, const struct __lockstep_srcloc *loc) {                     \
    (void)addr;                                                                                    \
    record("store", N, -1, -1, -1, loc);                                                           \
  }
PLAIN_ACCESS(1)
PLAIN_ACCESS(2)
PLAIN_ACCESS(4)
PLAIN_ACCESS(8)
PLAIN_ACCESS(16)

void __lockstep_load_range(void *addr, uint64_t size, const struct __lockstep_srcloc *loc) {
  (void)addr;
  record("load_range", (long long)size, -1, -1, -1, loc);
}

void __lockstep_store_range(void *addr, uint64_t size, const struct __lockstep_srcloc *loc) {
  (void)addr;
  record("store_range", (long long)size, -1, -1, -1, loc);
}

void *__lockstep_memcpy(void *dst, const void *src, uint64_t n,
                        const struct __lockstep_srcloc *loc) {
  record("memcpy", (long long)n, -1, -1, -1, loc);
  return memcpy(dst, src, n);
}

void *__lockstep_memmove(void *dst, const void *src, uint64_t n,
                         const struct __lockstep_srcloc *loc) {
  record("memmove", (long long)n, -1, -1, -1, loc);
  return memmove(dst, src, n);
}

void *__lockstep_memset(void *dst, int c, uint64_t n, const struct __lockstep_srcloc *loc) {
  record("memset", (long long)n, -1, -1, -1, loc);
  return memset(dst, c, n);
}

/* MAX/MIN/UMAX/UMIN by compare-exchange loop (GCC has no __atomic_fetch_max); MAX and MIN
 * compare through the signed type S of the same width. */
#define FETCH_EXTREME(T, C, p, operand, order, better)                                             \
  do {                                                                                             \
    T old_ = __atomic_load_n(p, __ATOMIC_RELAXED);                                                 \
    while (better((C)(operand), (C)old_) &&                                                        \
           !__atomic_compare_exchange_n(p, &old_, operand, 0, order, __ATOMIC_RELAXED)) {          \
    }                                                                                              \
    return old_;                                                                                   \
  } while (0)
#define GREATER(a, b) ((a) > (b))
#define LESS(a, b) ((a) < (b))

#define ATOMICS(N, T, S)                                                                           \
  T __lockstep_atomic_load_##N(void *addr, int order, const struct __lockstep_srcloc *loc) {       \
    record("atomic_load", N, order, -1, -1, loc);                                                  \
    return __atomic_load_n((T *)addr, order);                                                      \
  }                                                                                                \
  void __lockstep_atomic_store_##N(void *addr, T value, int order,                                 \
                                   const struct __lockstep_srcloc *loc) {                          \
    record("atomic_store", N, order, -1, -1, loc);                                                 \
    __atomic_store_n((T *)addr, value, order);                                                     \
  }                                                                                                \
  T __lockstep_atomic_rmw_##N(void *addr, T operand, int op, int order,                            \
                              const struct __lockstep_srcloc *loc) {                               \
    record("atomic_rmw", N, order, -1, op, loc);                                                   \
    T *p = (T *)addr;                                                                              \
    switch (op) {                                                                                  \
    case LOCKSTEP_RMW_XCHG:                                                                        \
      return __atomic_exchange_n(p, operand, order);                                               \
    case LOCKSTEP_RMW_ADD:                                                                         \
      return __atomic_fetch_add(p, operand, order);                                                \
    case LOCKSTEP_RMW_SUB:                                                                         \
      return __atomic_fetch_sub(p, operand, order);                                                \
    case LOCKSTEP_RMW_AND:                                                                         \
      return __atomic_fetch_and(p, operand, order);                                                \
    case LOCKSTEP_RMW_NAND:                                                                        \
      return __atomic_fetch_nand(p, operand, order);                                               \
    case LOCKSTEP_RMW_OR:                                                                          \
      return __atomic_fetch_or(p, operand, order);                                                 \
    case LOCKSTEP_RMW_XOR:                                                                         \
      return __atomic_fetch_xor(p, operand, order);                                                \
    case LOCKSTEP_RMW_MAX:                                                                         \
      FETCH_EXTREME(T, S, p, operand, order, GREATER);                                             \
    case LOCKSTEP_RMW_MIN:                                                                         \
      FETCH_EXTREME(T, S, p, operand, order, LESS);                                                \
    case LOCKSTEP_RMW_UMAX:                                                                        \
      FETCH_EXTREME(T, T, p, operand, order, GREATER);                                             \
    case LOCKSTEP_RMW_UMIN:                                                                        \
      FETCH_EXTREME(T, T, p, operand, order, LESS);                                                \
    default:                                                                                       \
      abort();                                                                                     \
    }                                                                                              \
  }                                                                                                \
  T __lockstep_atomic_cmpxchg_##N(void *addr, T expected, T desired, int success_order,            \
                                  int failure_order, const struct __lockstep_srcloc *loc) {        \
    record("atomic_cmpxchg", N, success_order, failure_order, -1, loc);                            \
    T observed = expected;                                                                         \
    __atomic_compare_exchange_n((T *)addr, &observed, desired, 0, success_order, failure_order);   \
    return observed;                                                                               \
  }
ATOMICS(1, uint8_t, int8_t)
ATOMICS(2, uint16_t, int16_t)
ATOMICS(4, uint32_t, int32_t)
ATOMICS(8, uint64_t, int64_t)

void __lockstep_atomic_fence(int order, const struct __lockstep_srcloc *loc) {
  record("atomic_fence", -1, order, -1, -1, loc);
  __atomic_thread_fence(order);
}

void __lockstep_unsupported_atomic(const struct __lockstep_srcloc *loc) {
  record("unsupported_atomic", -1, -1, -1, -1, loc);
}
