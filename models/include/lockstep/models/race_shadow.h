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

// One recorded access in 4 bytes, as ThreadSanitizer v3 packs its shadow cells (LLVM 14's
// compiler-rt): `time` == 0 marks an empty cell. Read as one little-endian word (the runtime's
// fast path does) the bits are: time 0–15, agent 16–21, flags 22–23 (write, atomic), mask 24–31.
// A cell holds 16 bits of its agent's time: before an agent's clock passes kMaxCellTime the
// runtime forgets the execution's race history (race_history.h), as ThreadSanitizer resets its
// shadow when its epochs overflow. The access's size is kept with its source location.
inline constexpr uint32_t kMaxCellTime = 0xffff;
static_assert(protocol::kMaxAgents <= 64, "an agent fits a cell's 6 bits");
struct ShadowCell {
  uint32_t time : 16;
  uint32_t agent : 6;
  uint32_t flags : 2;
  uint32_t mask : 8; // bit i: byte i of the granule
};
static_assert(sizeof(ShadowCell) == 4);

// An access with its interned source location and its size in bytes (capped at 255).
struct ShadowAccess : ShadowCell {
  uint32_t loc;
  uint8_t size;
};

// The cells are read by every access; the source locations and sizes of the cells only when one
// is recorded or races, so they are kept apart (the granules of a run of memory are 16 bytes
// each, dense in the cache). A source location is kept in 16 bits (interned indices stay below
// kMaxSourceIndex): every touched granule writes its sources, so their size is memory, and page
// faults, per byte of tracked memory.
inline constexpr uint32_t kMaxSourceIndex = 0xffff;
struct ShadowGranule {
  ShadowCell cells[kShadowCells];
};
struct ShadowSources {
  uint16_t loc[kShadowCells];
  uint8_t size[kShadowCells];
};

// Checks `access` (by access.agent, whose clock is `now`) against the granule, whose cells' source
// locations are in `sources`. When it races with an earlier access, copies that access to
// *racing and returns true. Either way the access
// is then recorded: it replaces a cell it subsumes (the same agent's earlier access of the same
// or a weaker kind on a subset of its bytes, or any such access that happens before it), else an
// empty cell, else (all cells hold concurrent accesses) a cell chosen by the access's time, as
// ThreadSanitizer does with its four shadow cells.
bool checkAndRecord(ShadowGranule &granule, ShadowSources &sources, const ShadowAccess &access,
                    const VectorClock &now, ShadowAccess *racing);

// FastTrack's same-epoch fast path: since its last synchronization the agent made this access,
// or stronger ones, on all these bytes (one cell, or several: a 16-byte copy of two 4-byte
// writes). Every access recorded since was checked against those cells, which order like this
// access with everything, so nothing new can race and nothing needs recording.
inline bool sameEpoch(const ShadowGranule &granule, const ShadowAccess &access) {
  uint8_t covered = 0;
  for (const ShadowCell &cell : granule.cells) {
    if (cell.time == access.time && cell.agent == access.agent &&
        (cell.flags == access.flags || (cell.flags == kAccessWrite && access.flags == 0)))
      covered |= cell.mask;
  }
  return (access.mask & ~covered) == 0;
}

// True when every access recorded in the granule is the agent's own (or none is): no later
// access of the agent can race with them, so checkAndRecord would only record it.
inline bool onlyAgentIn(const ShadowGranule &granule, uint32_t agent) {
  for (const ShadowCell &cell : granule.cells) {
    if (cell.time != 0 && cell.agent != agent)
      return false;
  }
  return true;
}

// The bytes of a granule that an access of `size` bytes at granule offset `offset` touches.
inline uint8_t granuleMask(uint32_t offset, uint32_t size) {
  const uint32_t end = offset + size > kGranuleBytes ? kGranuleBytes : offset + size;
  return static_cast<uint8_t>(((1U << end) - 1U) & ~((1U << offset) - 1U));
}

} // namespace lockstep::models
