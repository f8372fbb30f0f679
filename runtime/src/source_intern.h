// Interning the static source-location records of accesses (lockstep_abi.h) into the race
// region's source table, so that a shadow cell names its access's code location in 16 bits.
// A record's address is valid in this process (and in its forked children, which inherit the
// cache), its index is valid in every process of the execution.
#pragma once

#include "lockstep_abi.h"

#include <cstdint>

namespace lockstep::runtime {

inline constexpr uint32_t kSourceCacheSlots = 16384;
extern const __lockstep_srcloc *gSourceCacheKeys[kSourceCacheSlots]
    __attribute__((visibility("hidden")));
extern uint32_t gSourceCacheIds[kSourceCacheSlots] __attribute__((visibility("hidden")));

inline uint32_t sourceCacheSlot(const __lockstep_srcloc *loc) {
  return static_cast<uint32_t>((reinterpret_cast<uintptr_t>(loc) >> 3) * 2654435761U) &
         (kSourceCacheSlots - 1);
}

// The index of loc when this process interned it and it sits in its first probe slot (the
// common case, for the fast path), else 0.
inline uint32_t cachedSourceIndex(const __lockstep_srcloc *loc) {
  const uint32_t slot = sourceCacheSlot(loc);
  return gSourceCacheKeys[slot] == loc ? gSourceCacheIds[slot] : 0;
}

// The index of loc in the race region's source table (added when new); 0 ("unknown") for
// nullptr or when the table is full.
uint32_t internSource(const __lockstep_srcloc *loc);

} // namespace lockstep::runtime
