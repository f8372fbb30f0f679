// The shadow state of one 8-byte granule of tracked memory and the FastTrack check of an access
// against it (Flanagan & Freund, "FastTrack: efficient and precise dynamic race detection",
// PLDI 2009), in the cell form of ThreadSanitizer v2 (Serebryany & Iskhodzhanov 2009): each
// granule keeps up to kShadowCells earlier accesses as epochs (agent, time) with the bytes they
// touched. An access races with a cell when they touch a common byte, at least one writes, not
// both are atomic, and the cell's epoch does not happen before the accessing agent's clock.
// Pure data and functions: the runtime keeps the granules in shared memory, keyed by
// (mapping identity, offset), and the unit tests drive them directly.
#pragma once

#include "lockstep/models/vector_clock.h"

#include <cstdint>

namespace lockstep::models {

inline constexpr uint8_t kAccessWrite = 1U << 0;
inline constexpr uint8_t kAccessAtomic = 1U << 1;
inline constexpr int kGranuleBytes = 8;
inline constexpr int kShadowCells = 4;

// One access: `time` == 0 marks an empty cell. `loc` is the interned source location.
struct ShadowAccess {
  uint32_t time;
  uint8_t agent;
  uint8_t mask; // bit i: byte i of the granule
  uint8_t flags;
  uint8_t size; // the access's size in bytes (capped at 255)
  uint32_t loc;
};

struct ShadowGranule {
  ShadowAccess cells[kShadowCells];
};

// Checks `access` (by access.agent, whose clock is `now`) against the granule. When it races
// with an earlier access, copies that access to *racing and returns true. Either way the access
// is then recorded: it replaces a cell it subsumes (the same agent's earlier access of the same
// or a weaker kind on a subset of its bytes, or any such access that happens before it), else an
// empty cell, else (all cells hold concurrent accesses) a cell chosen by the access's time, as
// ThreadSanitizer does with its four shadow cells.
bool checkAndRecord(ShadowGranule &granule, const ShadowAccess &access, const VectorClock &now,
                    ShadowAccess *racing);

// FastTrack's same-epoch fast path: the agent made this access, or a stronger one on these
// bytes, since its last synchronization. Every access recorded since was checked against that
// cell, so nothing new can race and nothing needs recording.
inline bool sameEpoch(const ShadowGranule &granule, const ShadowAccess &access) {
  for (const ShadowAccess &cell : granule.cells) {
    if (cell.time == access.time && cell.agent == access.agent && (access.mask & ~cell.mask) == 0 &&
        (cell.flags == access.flags || (cell.flags == kAccessWrite && access.flags == 0)))
      return true;
  }
  return false;
}

// The bytes of a granule that an access of `size` bytes at granule offset `offset` touches.
inline uint8_t granuleMask(uint32_t offset, uint32_t size) {
  const uint32_t end = offset + size > kGranuleBytes ? kGranuleBytes : offset + size;
  return static_cast<uint8_t>(((1U << end) - 1U) & ~((1U << offset) - 1U));
}

} // namespace lockstep::models
