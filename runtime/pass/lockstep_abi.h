/* The contract between the Lockstep instrumentation pass (LockstepPass.so) and the runtime
 * (liblockstep_rt) that an instrumented program is linked against. The pass emits calls to the
 * functions declared here; the runtime defines them with C linkage. This header is C and C++
 * compatible and is included by the pass itself, so every number below (memory orders, RMW
 * operation codes, the ABI version) has exactly one definition. Any change to a signature, a
 * number or a struct layout must bump LOCKSTEP_ABI_VERSION: instrumented objects then reference
 * a different version symbol and fail to link against an old runtime instead of misbehaving.
 *
 * What the pass does, in short:
 *  - Plain (non-atomic, including volatile) loads and stores of 1, 2, 4, 8 or 16 bytes get a call
 *    to __lockstep_load_N / __lockstep_store_N inserted just BEFORE the access, which stays in
 *    place. Other sizes (long double, _BitInt(24), 32-byte vectors, ...) call
 *    __lockstep_load_range / __lockstep_store_range with the size in bytes.
 *  - llvm.memcpy / llvm.memmove / llvm.memset are REPLACED by __lockstep_memcpy / _memmove /
 *    _memset: the runtime performs the operation and returns dst. (llvm.memcpy.inline, which
 *    promises no library call, stays and is reported as __lockstep_load_range of its source and
 *    __lockstep_store_range of its destination.)
 *  - Atomic loads, stores, read-modify-writes, compare-exchanges and fences of 1, 2, 4 or 8 bytes
 *    are REPLACED by the __lockstep_atomic_* calls: the runtime performs the atomic operation (it
 *    is a scheduling point) and returns its result. Pointers, float and double travel as the
 *    unsigned integer of the same size (bit pattern preserved). Fences with
 *    syncscope("singlethread") (atomic_signal_fence) are left alone.
 *  - atomicrmw fadd/fsub and atomics of unsupported sizes keep their native instruction and get a
 *    call to __lockstep_unsupported_atomic just before it.
 *  - Not instrumented: accesses to stack slots whose address provably never escapes (atomics
 *    on them keep their native instruction too), to constant globals, to non-default address
 *    spaces, masked vector loads and stores (llvm.masked.*), inline assembly; every function
 *    whose name starts with "__lockstep_";
 *    functions marked __attribute__((disable_sanitizer_instrumentation)) or
 *    __attribute__((annotate("lockstep_ignore"))). (no_sanitize("thread") leaves no trace in the
 *    IR unless the file is also compiled with -fsanitize=thread, so it cannot be honoured.)
 *
 * Requirements on the runtime's definitions:
 *  - They may be called before main (static constructors of instrumented code), from signal
 *    handlers and from every thread and process of the program under test.
 *  - They must preserve errno: the instrumented program may be about to read it.
 *  - They must not throw (the pass declares them nounwind).
 *  - They must define __lockstep_abi_version_1 (any body): every instrumented object refers to it.
 *  - Arguments of type uint8_t / uint16_t are zero-extended by the caller and return values of
 *    those types must be zero-extended by the callee, as the C ABI says; plain C definitions do
 *    this automatically.
 */
#ifndef LOCKSTEP_RUNTIME_PASS_LOCKSTEP_ABI_H
#define LOCKSTEP_RUNTIME_PASS_LOCKSTEP_ABI_H

#include <stdint.h>

/* Bumped on any change to this header's functions, numbers or layouts. */
#define LOCKSTEP_ABI_VERSION 1

#ifdef __cplusplus
extern "C" {
#endif

/* One record per distinct instrumented source position, emitted by the pass as a private
 * constant in the instrumented object. Pointers to it stay valid for the life of the module and
 * two calls from the same (file, function, line, column) in one object share one record.
 * An instruction's debug location is a chain of frames when code was inlined; the record
 * describes the innermost frame in user code, that is outside /usr/include, /usr/lib,
 * /usr/lib64 and /usr/local/include. So std::atomic members (which libstdc++ forces inline even
 * at -O0) report the user's line that called them, and a lambda run by std::thread reports the
 * lambda's line even when inlined into std::thread's trampoline. When every frame is library
 * code, the record describes the function that physically contains the instruction.
 *  file:     that frame's file name, joined with its directory when relative; without debug
 *            location, the function's file or else the module's source file name.
 *  function: that frame's DISubprogram name (unqualified in C++, "operator()" for a lambda);
 *            without debug information, the demangled IR name ("ns::f(int)").
 *  line, column: that frame's position; 0 when the instruction has no debug location. */
struct __lockstep_srcloc {
  const char *file;
  const char *function;
  uint32_t line;
  uint32_t column;
};

/* Memory orders, numbered as C11 memory_order and as the compilers' __ATOMIC_* macros, so the
 * runtime may pass them straight to __atomic builtins. LLVM IR has no consume ordering (clang
 * lowers consume to acquire), and LLVM's "unordered" and "monotonic" are both passed as relaxed. */
enum __lockstep_memory_order {
  LOCKSTEP_ORDER_RELAXED = 0,
  LOCKSTEP_ORDER_CONSUME = 1,
  LOCKSTEP_ORDER_ACQUIRE = 2,
  LOCKSTEP_ORDER_RELEASE = 3,
  LOCKSTEP_ORDER_ACQ_REL = 4,
  LOCKSTEP_ORDER_SEQ_CST = 5
};

/* Operation codes of __lockstep_atomic_rmw_N, applied to *addr with the operand; the call returns
 * the old value. MAX and MIN compare as signed integers, UMAX and UMIN as unsigned ones; NAND
 * stores ~(old & operand). */
enum __lockstep_rmw_op {
  LOCKSTEP_RMW_XCHG = 0,
  LOCKSTEP_RMW_ADD = 1,
  LOCKSTEP_RMW_SUB = 2,
  LOCKSTEP_RMW_AND = 3,
  LOCKSTEP_RMW_NAND = 4,
  LOCKSTEP_RMW_OR = 5,
  LOCKSTEP_RMW_XOR = 6,
  LOCKSTEP_RMW_MAX = 7,
  LOCKSTEP_RMW_MIN = 8,
  LOCKSTEP_RMW_UMAX = 9,
  LOCKSTEP_RMW_UMIN = 10
};

/* Referenced by every instrumented object; defined by the runtime (any body). Its name carries
 * LOCKSTEP_ABI_VERSION: rename it whenever the version is bumped. */
void __lockstep_abi_version_1(void);

/* The filter the pass inlines before each sized plain access (1, 2, 4, 8 or 16 bytes), defined by
 * the runtime: the access's callback is called only when
 *   (uintptr_t)addr - low < span  ||  *threads > 1,
 * that is when the address may be in one of the process's shared mappings (all lie in
 * [low, low + span); span is 0 when it has none), or when the process may have more than one
 * thread (then its private memory is tracked too; *threads is more than 1 while the runtime does
 * not know the count yet). The private access of a single-threaded process, which cannot race,
 * so costs a few loads and one branch, and no call. The runtime changes the fields only inside its
 * own calls (mmap, thread start and exit, fork), so the program never sees them change under it;
 * a callback called anyway (a program built without the filter) returns just as fast. */
struct __lockstep_access_filter {
  uintptr_t low;
  uintptr_t span;
  const int32_t *threads;
};
extern struct __lockstep_access_filter __lockstep_filter;

/* The race detector's same-epoch test, which the pass also inlines after the filter for
 * accesses of 1, 2, 4, 8 and 16 bytes (the runtime's own copy is runtime/src/race_fast_path.h, which
 * checks these constants against its types). The shadow of shared memory is found through the
 * process's segment cache, direct-mapped by address >> LOCKSTEP_SEGMENT_SHIFT: an entry covers
 * [start, end) (an empty one covers nothing) and the cells of the 8-byte granule holding address
 * a are at shadow + (a - start) / 8 * LOCKSTEP_GRANULE_SHADOW_BYTES: LOCKSTEP_SHADOW_CELLS
 * 32-bit cells (time in bits 0-15, agent 16-21, write 22, atomic 23, byte mask 24-31; 0 is
 * empty). __lockstep_epoch is the calling thread's epoch as a cell holds it (time | agent << 16),
 * 0 when not known. The callback is not needed when the cells whose bits under
 * LOCKSTEP_CELL_EPOCH_BITS equal the epoch (and that have LOCKSTEP_CELL_WRITE, for a write)
 * together cover the access's bytes. */
#define LOCKSTEP_SEGMENT_SHIFT 20
#define LOCKSTEP_SEGMENT_SLOTS 64
#define LOCKSTEP_GRANULE_BYTES 8
#define LOCKSTEP_SHADOW_CELLS 4
#define LOCKSTEP_GRANULE_SHADOW_BYTES 16
#define LOCKSTEP_CELL_WRITE 0x00400000u
#define LOCKSTEP_CELL_EPOCH_BITS 0x00bfffffu
#define LOCKSTEP_CELL_MASK_SHIFT 24
struct __lockstep_segment {
  uintptr_t start;
  uintptr_t end;
  void *shadow;
};
extern struct __lockstep_segment __lockstep_segments[LOCKSTEP_SEGMENT_SLOTS];
extern __thread uint32_t __lockstep_epoch __attribute__((tls_model("initial-exec")));

/* Plain accesses: called before the access, which the program then performs itself. */
void __lockstep_load_1(void *addr, const struct __lockstep_srcloc *loc);
void __lockstep_load_2(void *addr, const struct __lockstep_srcloc *loc);
void __lockstep_load_4(void *addr, const struct __lockstep_srcloc *loc);
void __lockstep_load_8(void *addr, const struct __lockstep_srcloc *loc);
void __lockstep_load_16(void *addr, const struct __lockstep_srcloc *loc);
void __lockstep_store_1(void *addr, const struct __lockstep_srcloc *loc);
void __lockstep_store_2(void *addr, const struct __lockstep_srcloc *loc);
void __lockstep_store_4(void *addr, const struct __lockstep_srcloc *loc);
void __lockstep_store_8(void *addr, const struct __lockstep_srcloc *loc);
void __lockstep_store_16(void *addr, const struct __lockstep_srcloc *loc);
void __lockstep_load_range(void *addr, uint64_t size, const struct __lockstep_srcloc *loc);
void __lockstep_store_range(void *addr, uint64_t size, const struct __lockstep_srcloc *loc);

/* Bulk memory: these replace the operation, so the runtime must perform it. Return dst. */
void *__lockstep_memcpy(void *dst, const void *src, uint64_t n,
                        const struct __lockstep_srcloc *loc);
void *__lockstep_memmove(void *dst, const void *src, uint64_t n,
                         const struct __lockstep_srcloc *loc);
void *__lockstep_memset(void *dst, int c, uint64_t n, const struct __lockstep_srcloc *loc);

/* Atomics: these replace the operation, so the runtime must perform it atomically with the given
 * order (an enum __lockstep_memory_order). */
uint8_t __lockstep_atomic_load_1(void *addr, int order, const struct __lockstep_srcloc *loc);
uint16_t __lockstep_atomic_load_2(void *addr, int order, const struct __lockstep_srcloc *loc);
uint32_t __lockstep_atomic_load_4(void *addr, int order, const struct __lockstep_srcloc *loc);
uint64_t __lockstep_atomic_load_8(void *addr, int order, const struct __lockstep_srcloc *loc);

void __lockstep_atomic_store_1(void *addr, uint8_t value, int order,
                               const struct __lockstep_srcloc *loc);
void __lockstep_atomic_store_2(void *addr, uint16_t value, int order,
                               const struct __lockstep_srcloc *loc);
void __lockstep_atomic_store_4(void *addr, uint32_t value, int order,
                               const struct __lockstep_srcloc *loc);
void __lockstep_atomic_store_8(void *addr, uint64_t value, int order,
                               const struct __lockstep_srcloc *loc);

/* op is an enum __lockstep_rmw_op; returns the value *addr held before the operation. */
uint8_t __lockstep_atomic_rmw_1(void *addr, uint8_t operand, int op, int order,
                                const struct __lockstep_srcloc *loc);
uint16_t __lockstep_atomic_rmw_2(void *addr, uint16_t operand, int op, int order,
                                 const struct __lockstep_srcloc *loc);
uint32_t __lockstep_atomic_rmw_4(void *addr, uint32_t operand, int op, int order,
                                 const struct __lockstep_srcloc *loc);
uint64_t __lockstep_atomic_rmw_8(void *addr, uint64_t operand, int op, int order,
                                 const struct __lockstep_srcloc *loc);

/* Strong compare-exchange (weak ones are passed here too): returns the value *addr held before
 * the operation; the pass derives success as (returned == expected). */
uint8_t __lockstep_atomic_cmpxchg_1(void *addr, uint8_t expected, uint8_t desired,
                                    int success_order, int failure_order,
                                    const struct __lockstep_srcloc *loc);
uint16_t __lockstep_atomic_cmpxchg_2(void *addr, uint16_t expected, uint16_t desired,
                                     int success_order, int failure_order,
                                     const struct __lockstep_srcloc *loc);
uint32_t __lockstep_atomic_cmpxchg_4(void *addr, uint32_t expected, uint32_t desired,
                                     int success_order, int failure_order,
                                     const struct __lockstep_srcloc *loc);
uint64_t __lockstep_atomic_cmpxchg_8(void *addr, uint64_t expected, uint64_t desired,
                                     int success_order, int failure_order,
                                     const struct __lockstep_srcloc *loc);

/* Replaces a thread fence (not a signal fence). */
void __lockstep_atomic_fence(int order, const struct __lockstep_srcloc *loc);

/* Called just before an atomic the runtime cannot perform (atomicrmw fadd/fsub, sizes other than
 * 1, 2, 4, 8 bytes, non-default address spaces); the native instruction then runs as compiled. */
void __lockstep_unsupported_atomic(const struct __lockstep_srcloc *loc);

#ifdef __cplusplus
} /* extern "C" */
#endif

#if defined(__ATOMIC_SEQ_CST) && !defined(__cplusplus) && __STDC_VERSION__ >= 201112L
_Static_assert(LOCKSTEP_ORDER_RELAXED == __ATOMIC_RELAXED, "order numbering is C11's");
_Static_assert(LOCKSTEP_ORDER_CONSUME == __ATOMIC_CONSUME, "order numbering is C11's");
_Static_assert(LOCKSTEP_ORDER_ACQUIRE == __ATOMIC_ACQUIRE, "order numbering is C11's");
_Static_assert(LOCKSTEP_ORDER_RELEASE == __ATOMIC_RELEASE, "order numbering is C11's");
_Static_assert(LOCKSTEP_ORDER_ACQ_REL == __ATOMIC_ACQ_REL, "order numbering is C11's");
_Static_assert(LOCKSTEP_ORDER_SEQ_CST == __ATOMIC_SEQ_CST, "order numbering is C11's");
#elif defined(__ATOMIC_SEQ_CST) && defined(__cplusplus)
static_assert(LOCKSTEP_ORDER_RELAXED == __ATOMIC_RELAXED, "order numbering is C11's");
static_assert(LOCKSTEP_ORDER_CONSUME == __ATOMIC_CONSUME, "order numbering is C11's");
static_assert(LOCKSTEP_ORDER_ACQUIRE == __ATOMIC_ACQUIRE, "order numbering is C11's");
static_assert(LOCKSTEP_ORDER_RELEASE == __ATOMIC_RELEASE, "order numbering is C11's");
static_assert(LOCKSTEP_ORDER_ACQ_REL == __ATOMIC_ACQ_REL, "order numbering is C11's");
static_assert(LOCKSTEP_ORDER_SEQ_CST == __ATOMIC_SEQ_CST, "order numbering is C11's");
#endif

#endif /* LOCKSTEP_RUNTIME_PASS_LOCKSTEP_ABI_H */
