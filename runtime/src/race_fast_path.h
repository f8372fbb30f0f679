// The plain-access callbacks' fast path, inlined into them (memory_callbacks.cpp). FastTrack's
// same-epoch case: an access by an agent that made the same access, or a write, to these bytes
// (or more) since its last synchronization needs no check and no record (Flanagan & Freund,
// "FastTrack", PLDI 2009, section 3: "read same epoch", "write same epoch"); and the first
// access of an epoch to a granule that no other agent's access is in, which needs recording only.
// When the access's granule is in the per-process segment cache (shared memory,
// shadow_memory.h), this costs one cache probe, the thread's epoch (__lockstep_epoch, one TLS load)
// and at most four 4-byte compares per granule; anything else (another agent's access, a miss, an
// epoch not known since the last step) goes to raceAccess.
#pragma once

#include "lockstep_abi.h"
#include "race_detector.h"
#include "race_region.h"
#include "runtime_state.h"
#include "shadow_memory.h"

#include "lockstep/models/race_shadow.h"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace lockstep::runtime {

// A cell read as one word (race_shadow.h): time, agent, flags, mask.
inline constexpr uint32_t kCellWrite = uint32_t{models::kAccessWrite} << 22;
inline constexpr uint32_t kCellAgentShift = 16;
inline constexpr uint32_t kCellMaskShift = 24;
// clang 14 cannot constant-evaluate a bit_cast of bit-fields; the unit test
// RaceShadow.CellLayoutIsTheAbis checks the layout with any compiler.
#if defined(__GNUC__) && !defined(__clang__)
static_assert(std::bit_cast<uint32_t>(models::ShadowCell{1, 2, models::kAccessWrite, 0x80}) ==
              (1U | 2U << kCellAgentShift | kCellWrite | 0x80U << kCellMaskShift));
#endif
static_assert(kCellWrite == LOCKSTEP_CELL_WRITE && kCellMaskShift == LOCKSTEP_CELL_MASK_SHIFT &&
              LOCKSTEP_CELL_EPOCH_BITS == (uint32_t{1} << kCellMaskShift) - 1 - kCellWrite);

// sameEpoch (race_shadow.h) on each cell read as one word: the cells of the same time, agent and
// atomic flag, and a write, or a read for a read, cover the access's bytes.
__attribute__((always_inline)) inline bool
sameEpochCell(const models::ShadowGranule &granule, uint32_t epoch, uint32_t mask, uint32_t write) {
  constexpr uint32_t kEpochBits = (uint32_t{1} << kCellMaskShift) - 1 - kCellWrite;
  uint32_t covered = 0;
  for (const models::ShadowCell &cell : granule.cells) {
    uint32_t held;
    memcpy(&held, &cell, sizeof held);
    if ((held & kEpochBits) == epoch && (held & kCellWrite) >= write)
      covered |= held;
  }
  return (mask & ~covered) == 0;
}

// True when the plain access needs nothing done: the same epoch already recorded it. Handles an
// access inside one granule, and an aligned 16-byte access inside one segment; the rest
// (unaligned accesses across granules, a segment cache miss) goes to the slower paths.
__attribute__((always_inline)) inline bool raceSameEpoch(const void *address, uint32_t size,
                                                         bool write) {
  const auto a = reinterpret_cast<uintptr_t>(address);
  const ShadowSegment &segment = __lockstep_segments[(a >> kChunkShift) & (kSegmentCacheSize - 1)];
  const uintptr_t offset = a - segment.start;
  const uintptr_t span = segment.end - segment.start;
  if (offset >= span)
    return false;
  const models::ShadowGranule *granule =
      static_cast<const models::ShadowGranule *>(segment.shadow) + offset / models::kGranuleBytes;
  // 0 when not known since the last step: it matches only empty cells, which cover no byte.
  const uint32_t epoch = __lockstep_epoch;
  const uint32_t writeBit = write ? kCellWrite : 0;
  const auto inGranule = static_cast<uint32_t>(a % models::kGranuleBytes);
  if (size <= models::kGranuleBytes) {
    if (inGranule + size > models::kGranuleBytes)
      return false;
    const uint32_t mask = ((uint32_t{1} << size) - 1) << (inGranule + kCellMaskShift);
    return sameEpochCell(*granule, epoch, mask, writeBit);
  }
  constexpr uint32_t kAll = uint32_t{0xff} << kCellMaskShift;
  constexpr uint32_t kTwoGranules = 2 * models::kGranuleBytes;
  return size == kTwoGranules && inGranule == 0 &&
         offset + kTwoGranules <= span && // both granules in the segment's block
         sameEpochCell(granule[0], epoch, kAll, writeBit) &&
         sameEpochCell(granule[1], epoch, kAll, writeBit);
}

// checkAndRecord (race_shadow.cpp) without its check, for an access inside one cached granule
// that holds no other agent's access: nothing can race (the agent's own accesses are ordered by
// its program order), so the access is only recorded, in the cell checkAndRecord would choose.
// This is the first touch of memory in an epoch, which would otherwise take the slow path once
// per granule or element. False, with nothing done, when that is not the case (another agent's
// cell, a cache miss, an epoch not known, a source location not in this process's cache yet).
__attribute__((visibility("hidden"))) bool raceRecordOwn(const void *address, uint32_t size,
                                                         bool write, const __lockstep_srcloc *loc);

// False when no location is focused (race_focus.h), so the callbacks need not call focusAccess.
__attribute__((always_inline)) inline bool focusPossible() {
  const ControlBlock *control = gControl;
  return control != nullptr && control->focus.count != 0;
}

} // namespace lockstep::runtime
