// The callbacks' first path: the same epoch's cells together, or the record of an access to a
// granule that only the agent's own accesses are in (see race_fast_path.h).
#include "race_fast_path.h"

#include "source_intern.h"

namespace lockstep::runtime {

bool raceCoveredOrRecorded(const void *address, uint32_t size, bool write,
                           const __lockstep_srcloc *loc) {
  const auto a = reinterpret_cast<uintptr_t>(address);
  models::ShadowGranule *granule = cachedGranule(a);
  const uint32_t epoch = __lockstep_epoch;
  const auto inGranule = static_cast<uint32_t>(a % models::kGranuleBytes);
  if (granule == nullptr || epoch == 0 || inGranule + size > models::kGranuleBytes)
    return false;
  models::ShadowAccess access{};
  access.time = epoch & models::kMaxCellTime;
  access.agent = epoch >> kCellAgentShift;
  access.flags = write ? models::kAccessWrite : 0;
  access.mask = models::granuleMask(inGranule, size);
  access.size = static_cast<uint8_t>(size);
  if (models::sameEpoch(*granule, access))
    return true;
  if (!models::onlyAgentIn(*granule, access.agent))
    return false;
  access.loc = cachedSourceIndex(loc);
  if (access.loc == 0)
    return false; // interned by the slow path first
  prefaultShadow(granule);
  // No cell of another agent: checkAndRecord only chooses the cell (it reads no clock entry).
  models::checkAndRecord(*granule, sourcesOf(granule), access,
                         gRaceRegion->clocks.agent[access.agent], nullptr);
  return true;
}

} // namespace lockstep::runtime
