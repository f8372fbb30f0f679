// The race detector (see race_detector.h): vector clocks applied per visible step, FastTrack
// checks per access, race records in the control block.
#include "race_detector.h"

#include "callsite.h"
#include "memory_map.h"
#include "race_fast_path.h"
#include "race_history.h"
#include "race_region.h"
#include "runtime_state.h"
#include "shadow_memory.h"
#include "shadow_reset.h"
#include "source_intern.h"

#include "lockstep/models/race_shadow.h"
#include "lockstep/models/sync_effects.h"

#include <cstring>

namespace lockstep::runtime {

using models::ShadowAccess;
using models::VectorClock;

namespace {

bool active() {
  return gRaceRegion != nullptr && gControl != nullptr && tAgent >= 0 && tInRuntime == 0;
}

VectorClock &selfClock() {
  models::startAgentClock(gRaceRegion->clocks, tAgent);
  return gRaceRegion->clocks.agent[tAgent];
}

bool sameSource(const RaceAccess &a, const SourceRecord &s) {
  return a.line == s.line && a.column == s.column && strcmp(a.file, s.file) == 0 &&
         strcmp(a.function, s.function) == 0;
}

void fillAccess(RaceAccess &out, const ShadowAccess &in) {
  const SourceRecord &s = gRaceRegion->sources[in.loc < kMaxSources ? in.loc : 0];
  out.agent = static_cast<int32_t>(in.agent);
  out.write = (in.flags & models::kAccessWrite) != 0 ? 1 : 0;
  out.atomic = (in.flags & models::kAccessAtomic) != 0 ? 1 : 0;
  out.size = in.size;
  out.line = s.line;
  out.column = s.column;
  memcpy(out.file, s.file, sizeof out.file);
  memcpy(out.function, s.function, sizeof out.function);
}

// Copies a race into the control block unless the same pair of code locations is there.
void recordRace(const ShadowAccess &first, const ShadowAccess &second, const void *address,
                const SharedRange *range, uint64_t mappingOffset) {
  RaceTable &table = gControl->races;
  const SourceRecord &a = gRaceRegion->sources[first.loc < kMaxSources ? first.loc : 0];
  const SourceRecord &b = gRaceRegion->sources[second.loc < kMaxSources ? second.loc : 0];
  const uint32_t count = table.count < kMaxRaces ? table.count : kMaxRaces;
  for (uint32_t i = 0; i < count; ++i) {
    const RaceRecord &r = table.records[i];
    if ((sameSource(r.first, a) && sameSource(r.second, b)) ||
        (sameSource(r.first, b) && sameSource(r.second, a)))
      return;
  }
  if (count >= static_cast<uint32_t>(kMaxRaces)) {
    ++table.dropped;
    return;
  }
  RaceRecord &r = table.records[count];
  memset(&r, 0, sizeof r);
  r.step = gControl->stepCount;
  r.whereModule = kNoModule;
  if (range != nullptr) {
    r.shared = 1;
    r.offset = mappingOffset;
    memcpy(r.mapping, range->name, sizeof r.mapping);
  } else {
    RuntimeScope scope;
    uint16_t module = kNoModule;
    uint64_t offset = 0;
    if (moduleOffsetOf(address, &module, &offset)) {
      r.whereModule = module;
      r.offset = offset;
    } else {
      r.offset = reinterpret_cast<uintptr_t>(address);
    }
    const MappingInfo info = lookupMapping(address);
    memcpy(r.mapping, info.name,
           sizeof r.mapping < sizeof info.name ? sizeof r.mapping : sizeof info.name);
  }
  r.mapping[sizeof r.mapping - 1] = '\0';
  fillAccess(r.first, first);
  fillAccess(r.second, second);
  table.count = count + 1;
}

// Reports a race found at address: names its location (the mapping and offset for shared memory).
void reportRace(const ShadowAccess &earlier, const ShadowAccess &access, const void *address) {
  LocationKey key{};
  const SharedRange *range = nullptr;
  if (locationOf(address, &key, &range))
    recordRace(earlier, access, address, range, key.keyC);
}

// Checks an access of `size` bytes at address against its granules (see granuleAt).
void checkAccess(const void *address, uint64_t size, uint8_t flags, const __lockstep_srcloc *loc) {
  if (selfClock().at[tAgent] > models::kMaxCellTime)
    forgetRaceHistory(); // a cell cannot hold the time
  const VectorClock &now = selfClock();
  ShadowAccess access{};
  access.time = now.at[tAgent];
  access.agent = static_cast<uint8_t>(tAgent);
  access.flags = flags;
  access.size = static_cast<uint8_t>(size > 255 ? 255 : size);
  bool interned = false; // interned when first needed: a same-epoch access does not need it
  const auto begin = reinterpret_cast<uintptr_t>(address);
  const uintptr_t end = begin + size;
  for (uintptr_t at = begin; at < end;) {
    const auto inGranule = static_cast<uint32_t>(at % models::kGranuleBytes);
    const uint64_t n =
        end - at < models::kGranuleBytes - inGranule ? end - at : models::kGranuleBytes - inGranule;
    const void *here = reinterpret_cast<const void *>(at);
    at += n;
    models::ShadowGranule *granule = granuleAt(here);
    if (granule == nullptr)
      continue; // not tracked (private memory of a single-threaded process) or the table is full
    access.mask = models::granuleMask(inGranule, static_cast<uint32_t>(n));
    if (models::sameEpoch(*granule, access))
      continue;
    if (!interned) {
      access.loc = internSource(loc);
      interned = true;
    }
    ShadowAccess earlier{};
    prefaultShadow(granule);
    if (models::checkAndRecord(*granule, sourcesOf(granule), access, now, &earlier))
      reportRace(earlier, access, here);
  }
}

bool acquires(int order) {
  return order == LOCKSTEP_ORDER_ACQUIRE || order == LOCKSTEP_ORDER_CONSUME ||
         order == LOCKSTEP_ORDER_ACQ_REL || order == LOCKSTEP_ORDER_SEQ_CST;
}

bool releases(int order) {
  return order == LOCKSTEP_ORDER_RELEASE || order == LOCKSTEP_ORDER_ACQ_REL ||
         order == LOCKSTEP_ORDER_SEQ_CST;
}

// The synchronization half of an atomic read of `clock`.
void atomicRead(VectorClock &clock, int order) {
  if (acquires(order))
    models::acquireFrom(gRaceRegion->clocks, tAgent, clock);
  else // relaxed: an acquire fence later acquires it
    models::joinClock(gRaceRegion->fenceAcquire[tAgent], clock);
}

// The synchronization half of an atomic write into `clock`.
void atomicWrite(VectorClock &clock, int order) {
  __lockstep_epoch = 0; // a release ticks the agent's clock
  if (releases(order))
    models::releaseInto(gRaceRegion->clocks, tAgent, clock);
  else // relaxed: carries the clock of the agent's last release fence, if any
    models::joinClock(clock, gRaceRegion->fenceRelease[tAgent]);
  __lockstep_epoch = 0;
}

// The atomic location at address, when tracked: checks the access, returns its clock.
VectorClock *atomicLocation(const void *address, uint32_t size, bool write,
                            const __lockstep_srcloc *loc) {
  if (!maybeTracked(address) || !active())
    return nullptr;
  LocationKey key{};
  const SharedRange *range = nullptr;
  if (!locationOf(address, &key, &range))
    return nullptr;
  checkAccess(address, size, models::kAccessAtomic | (write ? models::kAccessWrite : 0), loc);
  return locationClockOf(key);
}

} // namespace

extern "C" {
__thread uint32_t __lockstep_epoch = 0;
}

void raceAfterStep(int agent, const PendingOp &op, uint8_t variant,
                   const models::Outcome &outcome) {
  __lockstep_epoch = 0; // the step may tick the agent's clock
  if (gRaceRegion == nullptr)
    return;
  const models::SyncEffect effect = models::syncEffectOf(*gControl, agent, op, variant, outcome);
  models::applySyncEffect(gRaceRegion->clocks, agent, effect);
  __lockstep_epoch = 0; // again: a signal handler's access may have set it in between
}

void raceProcessEnded(int process) {
  if (gRaceRegion == nullptr || process < 0 || process >= protocol::kMaxProcesses)
    return;
  models::ClockStore &clocks = gRaceRegion->clocks;
  for (int agent = 0; agent < gControl->agentCount; ++agent) {
    if (gControl->agents[agent].process == process)
      models::releaseInto(clocks, agent, clocks.processExit[process]);
  }
}

void raceAccess(const void *address, uint64_t size, bool write, const __lockstep_srcloc *loc) {
  if (!maybeTracked(address) || !active() || size == 0)
    return;
  checkAccess(address, size, write ? models::kAccessWrite : 0, loc);
  const uint32_t time = gRaceRegion->clocks.agent[tAgent].at[tAgent];
  // the fast path may use the epoch (checkAccess started it and kept it below kMaxCellTime)
  if (gControl->focus.count == 0 && time <= models::kMaxCellTime)
    __lockstep_epoch = time | static_cast<uint32_t>(tAgent) << kCellAgentShift;
}

void raceAtomicLoad(const void *address, uint32_t size, int order, const __lockstep_srcloc *loc) {
  if (VectorClock *clock = atomicLocation(address, size, false, loc))
    atomicRead(*clock, order);
}

void raceAtomicStore(const void *address, uint32_t size, int order, const __lockstep_srcloc *loc) {
  if (VectorClock *clock = atomicLocation(address, size, true, loc))
    atomicWrite(*clock, order);
}

void raceAtomicRmw(const void *address, uint32_t size, int order, const __lockstep_srcloc *loc) {
  if (VectorClock *clock = atomicLocation(address, size, true, loc)) {
    atomicRead(*clock, order);
    atomicWrite(*clock, order);
  }
}

void raceAtomicFence(int order) {
  if (!active())
    return;
  RaceRegion &region = *gRaceRegion;
  if (acquires(order))
    models::acquireFrom(region.clocks, tAgent, region.fenceAcquire[tAgent]);
  if (releases(order)) {
    __lockstep_epoch = 0; // the agent's clock ticks
    VectorClock &fence = region.fenceRelease[tAgent];
    fence = selfClock();
    ++region.clocks.agent[tAgent].at[tAgent];
    __lockstep_epoch = 0;
  }
}

bool racePrivateTracked() { return active() && gControl->processes[selfProcess()].liveThreads > 1; }

void raceForget(const void *address, uint64_t size) {
  const auto start = reinterpret_cast<uintptr_t>(address);
  resetPrivateShadow(start, start + size);
}

} // namespace lockstep::runtime
