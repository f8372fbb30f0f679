// The plain-access callbacks' fast paths, below the same-epoch test that the pass inlines before
// each call (lockstep_abi.h, runtime/pass/InlineSameEpoch.cpp: FastTrack's same-epoch case, an
// access by an agent that made the same access, or a write, to these bytes since its last
// synchronization needs no check and no record; Flanagan & Freund, "FastTrack", PLDI 2009,
// section 3): the cell layout as a word, which that test shares, and the first access of an epoch
// to a granule that no other agent's access is in, which needs recording only. Anything else
// (another agent's access, a segment cache miss, an epoch not known since the last step) goes to
// raceAccess.
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

// A cell read as one word (race_shadow.h) is what lockstep_abi.h tells the pass: time in bits
// 0-15, agent 16-21, write 22, atomic 23, byte mask 24-31. The thread's epoch is such a word.
inline constexpr uint32_t kCellAgentShift = 16;
// clang 14 cannot constant-evaluate a bit_cast of bit-fields; the unit test
// RaceShadow.CellLayoutIsTheAbis checks the layout with any compiler.
#if defined(__GNUC__) && !defined(__clang__)
static_assert(std::bit_cast<uint32_t>(models::ShadowCell{1, 2, models::kAccessWrite, 0x80}) ==
              (1U | 2U << kCellAgentShift | LOCKSTEP_CELL_WRITE |
               0x80U << LOCKSTEP_CELL_MASK_SHIFT));
#endif
static_assert(LOCKSTEP_CELL_EPOCH_BITS ==
              (uint32_t{1} << LOCKSTEP_CELL_MASK_SHIFT) - 1 - LOCKSTEP_CELL_WRITE);

// The callbacks' first path (the pass has inlined the same-epoch test before the call): for an
// access inside one cached granule, true when the same epoch recorded it in several cells (two
// 4-byte writes cover an 8-byte read), or when the granule holds no other agent's access and the
// access was recorded here. In that case nothing can race (the agent's own accesses are ordered
// by its program order), so the access is only recorded, in the cell checkAndRecord
// (race_shadow.cpp) would choose: the first touch of memory in an epoch, which would otherwise
// take the slow path once per granule or element. False, with nothing done, otherwise (another
// agent's cell, a cache miss, an epoch not known, a source location not in this process's cache
// yet).
__attribute__((visibility("hidden"))) bool
raceCoveredOrRecorded(const void *address, uint32_t size, bool write, const __lockstep_srcloc *loc);

// False when no location is focused (race_focus.h), so the callbacks need not call focusAccess.
__attribute__((always_inline)) inline bool focusPossible() {
  const ControlBlock *control = gControl;
  return control != nullptr && control->focus.count != 0;
}

} // namespace lockstep::runtime
