// Race focus (see race_focus.h). A focused location is named as a race record names it, so that
// it stays the same from one execution to the next although addresses and inodes may not: a
// shared mapping's name and the offset in its backing object; for private memory of a
// multi-threaded process, the module (the end of its path) and the module offset, or the
// address itself outside modules (address randomization is off, and the threads of a process
// share its address space, so they all agree). One object per focused 8-byte granule (objectAt on
// the granule's address, family Atomic), so accesses of any size to the granule are related by
// the dependence relation.
#include "race_focus.h"

#include "callsite.h"
#include "objects.h"
#include "race_detector.h"
#include "runtime_state.h"
#include "shadow_memory.h"
#include "turn.h"
#include "visible_op.h"

#include "lockstep/models/atomic_model.h"
#include "lockstep/models/race_shadow.h"

#include <cerrno>
#include <cstring>

namespace lockstep::runtime {
namespace {

constexpr uint64_t kGranule = models::kGranuleBytes;

bool focusOn() { return gControl != nullptr && gControl->focus.count != 0 && modelled(); }

// True when the module's path ends with `tail` (the checker keeps the last kWhereSize - 1 bytes).
bool moduleNamed(uint16_t module, const char *tail) {
  if (module >= static_cast<uint32_t>(gControl->moduleCount) || module >= kMaxModules)
    return false;
  const char *path = gControl->modules[module].path;
  const size_t length = strnlen(path, kPathSize);
  const size_t n = strnlen(tail, kWhereSize);
  return n != 0 && n <= length && memcmp(path + length - n, tail, n) == 0;
}

// The address in this process of the focused granule f when it overlaps [a, a + size), else 0.
// `range` is the shared range holding a (nullptr: private memory).
uintptr_t granuleIn(const FocusLocation &f, uintptr_t a, uint64_t size, const SharedRange *range) {
  const uint64_t granule = f.offset & ~(kGranule - 1);
  uintptr_t at = 0;
  switch (f.kind) {
  case FocusKind::Shared:
    if (range == nullptr || strncmp(range->name, f.mapping, kWhereSize) != 0 ||
        granule < range->fileOffset)
      return 0;
    at = range->start + (granule - range->fileOffset);
    if (at >= range->end)
      return 0;
    break;
  case FocusKind::Module: {
    if (range != nullptr || !racePrivateTracked())
      return 0;
    uint16_t module = kNoModule;
    uint64_t offset = 0;
    if (!moduleOffsetOf(reinterpret_cast<const void *>(a), &module, &offset) ||
        !moduleNamed(module, f.mapping))
      return 0;
    at = a - offset + granule; // the module's bias is page-aligned: granules stay aligned
    break;
  }
  case FocusKind::Address:
    if (range != nullptr || !racePrivateTracked())
      return 0;
    at = granule;
    break;
  }
  return at + kGranule <= a || at >= a + size ? 0 : at;
}

// The addresses of the focused granules that [address, address + size) overlaps, in increasing
// order, without repeats; returns how many.
uint32_t focusedGranules(const void *address, uint64_t size, uintptr_t out[kMaxFocus]) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(address);
  const SharedRange *range = sharedRangeOf(address);
  const FocusTable &focus = gControl->focus;
  const uint32_t count = focus.count < kMaxFocus ? focus.count : kMaxFocus;
  uint32_t found = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const uintptr_t at = granuleIn(focus.locations[i], a, size, range);
    if (at == 0)
      continue;
    uint32_t j = found;
    while (j > 0 && out[j - 1] > at)
      --j;
    if (j > 0 && out[j - 1] == at)
      continue;
    memmove(&out[j + 1], &out[j], sizeof out[0] * (found - j));
    out[j] = at;
    ++found;
  }
  return found;
}

// A focused store's step runs before the store, whose value is not known then. Whether it
// changed its granule (for the spin rule, models::memoryAccessed: a store of the value already
// there changes nothing, so a loop that raises a flag in every round can still be a spin) is
// settled when the agent next publishes a visible operation (settleFocusedStore): the agent holds
// the turn until then, so nobody else touches the granule in between, and the scheduler has the
// answer before it next chooses.
struct PendingStore {
  PendingOp op;
  uintptr_t granule;
  uint64_t before; // the granule's bytes when the step ran
  bool pending;
};
thread_local PendingStore tPendingStore __attribute__((tls_model("initial-exec")));

uint64_t granuleValue(uintptr_t granule) {
  uint64_t value = 0;
  memcpy(&value, reinterpret_cast<const void *>(granule), sizeof value);
  return value;
}

// The visible step of an access to the focused granule at `granule`; returns in the agent's turn.
void focusStep(uintptr_t granule, bool write, const void *pc) {
  const int savedErrno = errno;
  const uint32_t object = objectAt(reinterpret_cast<const void *>(granule), ObjectFamily::Atomic);
  const PendingOp op = makeOp(write ? OpKind::memory_store : OpKind::memory_load, pc, object);
  performVisible(op);
  const uint64_t value = granuleValue(granule); // a load reads it, a store overwrites it
  if (write) {
    tPendingStore = {op, granule, value, true};
  } else {
    currentStep().result = static_cast<int64_t>(value);
    models::memoryAccessed(*gControl, tAgent, op, false, value);
  }
  errno = savedErrno;
}

// Where in a copy of n bytes from base the focused granule at `granule` is first touched.
uint64_t offsetIn(uintptr_t granule, const void *base) {
  const uintptr_t b = reinterpret_cast<uintptr_t>(base);
  return granule <= b ? 0 : granule - b;
}

} // namespace

void settleFocusedStore() {
  PendingStore &store = tPendingStore;
  if (!store.pending)
    return;
  store.pending = false;
  if (gControl == nullptr || tAgent < 0)
    return;
  const uint64_t after = granuleValue(store.granule);
  models::memoryAccessed(*gControl, tAgent, store.op, after != store.before, after);
}

void focusAccess(const void *address, uint64_t size, bool write, const void *pc) {
  if (!focusOn() || size == 0)
    return;
  uintptr_t granules[kMaxFocus];
  const uint32_t count = focusedGranules(address, size, granules);
  for (uint32_t i = 0; i < count; ++i)
    focusStep(granules[i], write, pc);
}

bool focusCopy(void *dst, const void *src, uint64_t n, bool overlapping, const void *pc) {
  if (!focusOn() || n == 0)
    return false;
  uintptr_t from[kMaxFocus];
  uintptr_t to[kMaxFocus];
  const uint32_t loads = focusedGranules(src, n, from);
  const uint32_t stores = focusedGranules(dst, n, to);
  if (loads + stores == 0)
    return false;
  auto *d = static_cast<unsigned char *>(dst);
  const auto *s = static_cast<const unsigned char *>(src);
  if (overlapping && d < s + n && s < d + n) {
    // memmove of overlapping ranges: the pieces could overwrite source bytes not yet copied, so
    // every step comes first and the move is one piece.
    for (uint32_t i = 0; i < loads; ++i)
      focusStep(from[i], false, pc);
    for (uint32_t i = 0; i < stores; ++i)
      focusStep(to[i], true, pc);
    memmove(dst, src, n);
    return true;
  }
  uint64_t done = 0;
  uint32_t i = 0;
  uint32_t j = 0;
  while (i < loads || j < stores) {
    const uint64_t load = i < loads ? offsetIn(from[i], src) : n;
    const uint64_t store = j < stores ? offsetIn(to[j], dst) : n;
    const uint64_t at = load < store ? load : store;
    memcpy(d + done, s + done, at - done);
    done = at;
    if (i < loads && load == at)
      focusStep(from[i++], false, pc);
    if (j < stores && store == at)
      focusStep(to[j++], true, pc);
  }
  memcpy(d + done, s + done, n - done);
  return true;
}

bool focusFill(void *dst, int c, uint64_t n, const void *pc) {
  if (!focusOn() || n == 0)
    return false;
  uintptr_t to[kMaxFocus];
  const uint32_t stores = focusedGranules(dst, n, to);
  if (stores == 0)
    return false;
  auto *d = static_cast<unsigned char *>(dst);
  uint64_t done = 0;
  for (uint32_t j = 0; j < stores; ++j) {
    const uint64_t at = offsetIn(to[j], dst);
    memset(d + done, c, at - done);
    done = at;
    focusStep(to[j], true, pc);
  }
  memset(d + done, c, n - done);
  return true;
}

} // namespace lockstep::runtime
