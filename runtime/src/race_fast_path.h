// FastTrack's same-epoch case, inlined into the plain-access callbacks (memory_callbacks.cpp):
// an access by an agent that made the same access, or a write, to these bytes (or more) since its
// last synchronization needs no check and no record (Flanagan & Freund,
// "FastTrack", PLDI 2009, section 3: "read same epoch", "write same epoch"). When the access's
// granule is in the per-process segment cache (shared memory, shadow_memory.h), this costs one
// cache probe, the agent's own clock entry and at most four 8-byte compares per granule; anything
// else (another epoch, a subsuming access of another size, a miss) goes to raceAccess.
#pragma once

#include "race_region.h"
#include "runtime_state.h"
#include "shadow_memory.h"

#include "lockstep/models/race_shadow.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace lockstep::runtime {

// The first 8 bytes of a cell, read as one word: time, agent, mask, flags, size.
static_assert(offsetof(models::ShadowAccess, time) == 0 &&
              offsetof(models::ShadowAccess, agent) == 4 &&
              offsetof(models::ShadowAccess, mask) == 5 &&
              offsetof(models::ShadowAccess, flags) == 6 &&
              offsetof(models::ShadowAccess, size) == 7);
static_assert(protocol::kMaxAgents <= 256, "an agent fits a cell's byte");

// sameEpoch (race_shadow.h) on the first 8 bytes of each cell: the same time, agent and atomic
// flag, the access's bytes a subset of the cell's, and a read, or a write over a write.
__attribute__((always_inline)) inline bool
sameEpochCell(const models::ShadowGranule &granule, uint64_t epoch, uint64_t mask, uint64_t write) {
  constexpr uint64_t kWrite = uint64_t{models::kAccessWrite} << 48;
  constexpr uint64_t kEpochBits = 0x00ff00ffffffffffULL & ~kWrite; // time, agent, flags
  for (const models::ShadowAccess &cell : granule.cells) {
    uint64_t held;
    memcpy(&held, &cell, sizeof held);
    if ((held & kEpochBits) == epoch && (mask & ~held) == 0 && (held & kWrite) >= write)
      return true;
  }
  return false;
}

// True when the plain access certainly needs nothing done: the same epoch already recorded it.
// Handles accesses within one segment that span at most two granules (sizes up to 16).
__attribute__((always_inline)) inline bool raceSameEpoch(const void *address, uint32_t size,
                                                         bool write) {
  const auto a = reinterpret_cast<uintptr_t>(address);
  const models::ShadowGranule *granule = cachedGranule(a);
  if (granule == nullptr)
    return false;
  const int agent = tAgent;
  if (agent < 0)
    return false;
  const uint32_t time = gRaceRegion->clocks.agent[agent].at[agent];
  if (time == 0)
    return false; // the agent's clock is not started yet
  const uint64_t epoch = uint64_t{time} | uint64_t(agent) << 32;
  const uint64_t writeBit = write ? uint64_t{models::kAccessWrite} << 48 : 0;
  const auto inGranule = static_cast<uint32_t>(a % models::kGranuleBytes);
  if (inGranule + size <= models::kGranuleBytes)
    return sameEpochCell(*granule, epoch, uint64_t{models::granuleMask(inGranule, size)} << 40,
                         writeBit);
  const uintptr_t next = a - inGranule + models::kGranuleBytes;
  if (size > models::kGranuleBytes * 2 || cachedGranule(next) != granule + 1)
    return false;
  const uint32_t rest = inGranule + size - models::kGranuleBytes;
  if (rest > models::kGranuleBytes)
    return false; // a third granule
  return sameEpochCell(*granule, epoch, uint64_t{models::granuleMask(inGranule, size)} << 40,
                       writeBit) &&
         sameEpochCell(granule[1], epoch, uint64_t{models::granuleMask(0, rest)} << 40, writeBit);
}

} // namespace lockstep::runtime
