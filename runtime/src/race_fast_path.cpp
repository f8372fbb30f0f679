// The callbacks' first path: the same epoch's cells together, or the record of an access to a
// granule that only the agent's own accesses are in (see race_fast_path.h), with the choice of
// cell of models::checkAndRecord.
#include "race_fast_path.h"

#include "source_intern.h"

namespace lockstep::runtime {

namespace {

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

bool recordOwnAccess(models::ShadowGranule &granule, uint32_t epoch, uint32_t mask, uint32_t write,
                     uint32_t size, const __lockstep_srcloc *loc) {
  constexpr uint32_t kTimeBits = (uint32_t{1} << kCellAgentShift) - 1;
  constexpr uint32_t kAgentBits = uint32_t{0x3f} << kCellAgentShift;
  constexpr uint32_t kAtomic = uint32_t{models::kAccessAtomic} << 22;
  int replace = -1;
  int empty = -1;
  for (int i = 0; i < models::kShadowCells; ++i) {
    uint32_t held;
    memcpy(&held, &granule.cells[i], sizeof held);
    if ((held & kTimeBits) == 0) {
      empty = empty < 0 ? i : empty;
      continue;
    }
    if ((held & kAgentBits) != (epoch & kAgentBits))
      return false;
    // subsumes: the old bytes are among the new ones, a write is not replaced by a read, and both
    // are plain accesses.
    if (replace < 0 && (held & ~mask) >> kCellMaskShift == 0 && (held & kCellWrite) <= write &&
        (held & kAtomic) == 0)
      replace = i;
  }
  const uint32_t source = cachedSourceIndex(loc);
  if (source == 0)
    return false;
  int slot = replace >= 0 ? replace : empty;
  if (slot < 0)
    slot = static_cast<int>((epoch & kTimeBits) % models::kShadowCells);
  prefaultShadow(&granule);
  const uint32_t cell = epoch | write | mask;
  memcpy(&granule.cells[slot], &cell, sizeof cell);
  models::ShadowSources &sources = sourcesOf(&granule);
  sources.loc[slot] = static_cast<uint16_t>(source);
  sources.size[slot] = static_cast<uint8_t>(size);
  return true;
}

} // namespace

bool raceCoveredOrRecorded(const void *address, uint32_t size, bool write,
                           const __lockstep_srcloc *loc) {
  const auto a = reinterpret_cast<uintptr_t>(address);
  models::ShadowGranule *granule = cachedGranule(a);
  const uint32_t epoch = __lockstep_epoch;
  const auto inGranule = static_cast<uint32_t>(a % models::kGranuleBytes);
  if (granule == nullptr || epoch == 0 || inGranule + size > models::kGranuleBytes)
    return false;
  const uint32_t mask = ((uint32_t{1} << size) - 1) << (inGranule + kCellMaskShift);
  const uint32_t writeBit = write ? kCellWrite : 0;
  return sameEpochCell(*granule, epoch, mask, writeBit) ||
         recordOwnAccess(*granule, epoch, mask, writeBit, size, loc);
}

} // namespace lockstep::runtime
