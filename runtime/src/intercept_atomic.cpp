// The atomic callbacks that programs built with lockstep-cc / lockstep-c++ call in place of their
// atomic instructions (runtime/pass/lockstep_abi.h). An atomic access to a location another agent
// may reach (shared memory, or any memory of a process with several live threads) is a visible
// operation of family Atomic: the agent publishes it, waits for its turn, and the runtime then
// performs it (sequentially consistent, whatever order the program asked for), so the trace order
// is the memory order; the step's result is the value the location held before (a store: the
// value written). Accesses that no one else can observe (private memory of a single-threaded
// process, or before the runtime attached) are performed directly: the check is made at every
// access, so a process that starts a thread later has its atomics scheduled from then on.
// Fences are never scheduling points: under sequential consistency a seq_cst fence commutes with
// everything (see atomicDependent in models/src/dependence.cpp).
#include "lockstep_abi.h"
#include "memory_map.h"
#include "objects.h"
#include "race_detector.h"
#include "runtime_state.h"
#include "turn.h"
#include "visible_op.h"

#include "lockstep/models/atomic_model.h"

#include <cerrno>
#include <type_traits>

using namespace lockstep::runtime;

namespace {

// Pages known to be private memory of this process (lookupMapping reads /proc/self/maps, far too
// slow for every access; a mapping is shared or private as a whole, so a page answers for all its
// addresses). Private stays private across fork (the child gets a copy); exec starts a new image
// with an empty table. A mapping replaced by munmap + mmap at the same address is not noticed
// (the object registry's cache has the same limit).
constexpr int kPrivateCacheSize = 1024; // power of two
constexpr unsigned kPageShift = 12;
uintptr_t gPrivatePages[kPrivateCacheSize]; // page number + 1, 0 = empty

size_t privateSlot(uintptr_t page) { return page * 0x9E3779B97F4A7C15ULL >> 54; }

// The location's object when the access must be scheduled, kNoObject when it may run directly.
uint32_t scheduledObject(const void *address) {
  if (!modelled())
    return kNoObject;
  const ProcessRecord &process = gControl->processes[selfProcess()];
  if (process.liveThreads > 1)
    return objectAt(address, ObjectFamily::Atomic);
  const uintptr_t page = (reinterpret_cast<uintptr_t>(address) >> kPageShift) + 1;
  uintptr_t &slot = gPrivatePages[privateSlot(page)];
  if (slot == page)
    return kNoObject;
  const MappingInfo mapping = lookupMapping(address);
  if (mapping.found && mapping.shared)
    return objectAt(address, ObjectFamily::Atomic);
  slot = page;
  return kNoObject;
}

template <typename T> T applyRmw(T old, T operand, int op) {
  using S = std::make_signed_t<T>;
  switch (op) {
  case LOCKSTEP_RMW_XCHG:
    return operand;
  case LOCKSTEP_RMW_ADD:
    return static_cast<T>(old + operand);
  case LOCKSTEP_RMW_SUB:
    return static_cast<T>(old - operand);
  case LOCKSTEP_RMW_AND:
    return static_cast<T>(old & operand);
  case LOCKSTEP_RMW_NAND:
    return static_cast<T>(~(old & operand));
  case LOCKSTEP_RMW_OR:
    return static_cast<T>(old | operand);
  case LOCKSTEP_RMW_XOR:
    return static_cast<T>(old ^ operand);
  case LOCKSTEP_RMW_MAX:
    return static_cast<S>(operand) > static_cast<S>(old) ? operand : old;
  case LOCKSTEP_RMW_MIN:
    return static_cast<S>(operand) < static_cast<S>(old) ? operand : old;
  case LOCKSTEP_RMW_UMAX:
    return operand > old ? operand : old;
  default: // LOCKSTEP_RMW_UMIN
    return operand < old ? operand : old;
  }
}

// What an access read and left behind.
template <typename T> struct Access {
  T before;
  T after;
};

// Performs the access on the real memory, sequentially consistent. Read-modify-writes are a
// compare-exchange loop, which is exact for every operation and signedness.
template <typename T> Access<T> performAccess(OpKind kind, T *p, T arg, T desired, int rmwOp) {
  switch (kind) {
  case OpKind::atomic_load: {
    const T v = __atomic_load_n(p, __ATOMIC_SEQ_CST);
    return {v, v};
  }
  case OpKind::atomic_store:
    return {__atomic_exchange_n(p, arg, __ATOMIC_SEQ_CST), arg};
  case OpKind::atomic_rmw: {
    T old = __atomic_load_n(p, __ATOMIC_SEQ_CST);
    for (;;) {
      const T next = applyRmw(old, arg, rmwOp);
      if (__atomic_compare_exchange_n(p, &old, next, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        return {old, next};
    }
  }
  default: { // atomic_cmpxchg: `old` becomes the value found when the exchange fails
    T old = arg;
    const bool exchanged =
        __atomic_compare_exchange_n(p, &old, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return {old, exchanged ? desired : old};
  }
  }
}

// Tells the race detector what an atomic access synchronizes (with the orders the program
// asked for: a relaxed access orders nothing, though every access is performed SC). A failed
// compare-exchange is a load with its failure order.
void noteForRaces(OpKind kind, void *address, uint32_t size, int order, int failureOrder,
                  bool exchanged, const __lockstep_srcloc *loc) {
  switch (kind) {
  case OpKind::atomic_load:
    raceAtomicLoad(address, size, order, loc);
    break;
  case OpKind::atomic_store:
    raceAtomicStore(address, size, order, loc);
    break;
  case OpKind::atomic_cmpxchg:
    if (!exchanged) {
      raceAtomicLoad(address, size, failureOrder, loc);
      break;
    }
    [[fallthrough]];
  default:
    raceAtomicRmw(address, size, order, loc);
    break;
  }
}

// One atomic access: directly when no one else can observe it, else as a visible operation.
// Returns the value the location held before (what every callback but store returns).
template <typename T>
T atomicAccess(OpKind kind, void *address, T arg, T desired, int rmwOp, int order, int failureOrder,
               const void *pc, const __lockstep_srcloc *loc) {
  T *p = static_cast<T *>(address);
  if (!modelled())
    return performAccess(kind, p, arg, desired, rmwOp).before;
  const int savedErrno = errno; // reading /proc/self/maps or the turn handoff may set it
  const uint32_t object = scheduledObject(address);
  if (object == kNoObject) {
    const Access<T> done = performAccess(kind, p, arg, desired, rmwOp);
    noteForRaces(kind, address, sizeof(T), order, failureOrder, done.before == arg, loc);
    errno = savedErrno;
    return done.before;
  }
  PendingOp op = makeOp(kind, pc, object);
  op.flags = lockstep::models::atomicFlags(sizeof(T), static_cast<uint32_t>(order),
                                           static_cast<uint32_t>(failureOrder),
                                           static_cast<uint32_t>(rmwOp));
  op.arg = static_cast<int64_t>(static_cast<uint64_t>(arg));
  OpPayload &payload = gControl->payload[tAgent];
  payload.count = kind == OpKind::atomic_cmpxchg ? 1 : 0;
  payload.words[0] = kind == OpKind::atomic_cmpxchg ? static_cast<uint64_t>(desired) : 0;
  performVisible(op);
  const Access<T> done = performAccess(kind, p, arg, desired, rmwOp);
  currentStep().result = static_cast<int64_t>(
      static_cast<uint64_t>(kind == OpKind::atomic_store ? done.after : done.before));
  lockstep::models::atomicCompleted(*gControl, tAgent, op, payload.words[0], done.before,
                                    done.after);
  noteForRaces(kind, address, sizeof(T), order, failureOrder, done.before == arg, loc);
  errno = savedErrno;
  return done.before;
}

} // namespace

extern "C" {

void __lockstep_unsupported_atomic(const struct __lockstep_srcloc *) {}

void __lockstep_atomic_fence(int order, const struct __lockstep_srcloc *) {
  if (modelled())
    lockstep::runtime::raceAtomicFence(order);
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

} // extern "C"

#define LOCKSTEP_ATOMICS(size, T)                                                                  \
  extern "C" T __lockstep_atomic_load_##size(void *addr, int order,                                \
                                             const struct __lockstep_srcloc *loc) {                \
    return atomicAccess<T>(OpKind::atomic_load, addr, 0, 0, 0, order, order,                       \
                           __builtin_return_address(0), loc);                                      \
  }                                                                                                \
  extern "C" void __lockstep_atomic_store_##size(void *addr, T value, int order,                   \
                                                 const struct __lockstep_srcloc *loc) {            \
    atomicAccess<T>(OpKind::atomic_store, addr, value, 0, 0, order, order,                         \
                    __builtin_return_address(0), loc);                                             \
  }                                                                                                \
  extern "C" T __lockstep_atomic_rmw_##size(void *addr, T operand, int op, int order,              \
                                            const struct __lockstep_srcloc *loc) {                 \
    return atomicAccess<T>(OpKind::atomic_rmw, addr, operand, 0, op, order, order,                 \
                           __builtin_return_address(0), loc);                                      \
  }                                                                                                \
  extern "C" T __lockstep_atomic_cmpxchg_##size(void *addr, T expected, T desired,                 \
                                                int successOrder, int failureOrder,                \
                                                const struct __lockstep_srcloc *loc) {             \
    return atomicAccess<T>(OpKind::atomic_cmpxchg, addr, expected, desired, 0, successOrder,       \
                           failureOrder, __builtin_return_address(0), loc);                        \
  }
LOCKSTEP_ATOMICS(1, uint8_t)
LOCKSTEP_ATOMICS(2, uint16_t)
LOCKSTEP_ATOMICS(4, uint32_t)
LOCKSTEP_ATOMICS(8, uint64_t)
#undef LOCKSTEP_ATOMICS
