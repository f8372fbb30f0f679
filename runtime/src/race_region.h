// The race region: the shared memory that holds everything the race detector knows in one
// execution: the vector clocks of agents and objects (models::ClockStore), the clocks of atomic
// locations, the interned source locations of accesses, and the shadow memory (one
// models::ShadowGranule per 8-byte granule of tracked memory, keyed by (mapping identity,
// offset), in pages of kPageGranules granules found by an open-addressing table).
//
// Why the root creates it: it is a memfd that the root process creates at attach, before any
// fork, so every process of the execution inherits the same mapping; its descriptor (no
// close-on-exec, moved above the program's usual range) is published in ControlBlock::races so
// that an image started by execve maps it again. A fresh memfd per execution starts zero-filled
// and its pages are touched only as used, so nothing has to be reset between executions (a fork
// server that reuses the process would have to create it after its snapshot point). The checker
// never reads it: races are copied into the control block when found.
#pragma once

#include "lockstep/models/race_shadow.h"
#include "lockstep/models/sync_effects.h"

#include "control_block.h"

namespace lockstep::runtime {

inline constexpr uint32_t kMaxSources = 8192;
inline constexpr uint32_t kLocationSlots = 4096;
// Shadow pages: the granules of 512 consecutive bytes of one mapping (or of one process's
// private memory) sit together, so sequential accesses stay in one page and its cache lines.
inline constexpr uint64_t kPageGranules = 64;
inline constexpr uint64_t kPageBytes = kPageGranules * models::kGranuleBytes;
inline constexpr uint64_t kPageSlots = uint64_t{1} << 15; // 16 MiB of distinct tracked memory

struct SourceRecord {
  char file[protocol::kRaceFileSize];
  char function[protocol::kRaceFunctionSize];
  uint32_t line;
  uint32_t column;
};

// The clock of an atomic location (release → acquire), keyed like a granule; keyA == 0: free.
struct LocationClock {
  uint64_t keyA;
  uint64_t keyB;
  uint64_t keyC;
  models::VectorClock clock;
};

// keyA == 0: a free slot; keyC is the page number (offset or address / kPageBytes).
struct ShadowPage {
  uint64_t keyA;
  uint64_t keyB;
  uint64_t keyC;
  uint64_t reserved;
  models::ShadowGranule granules[kPageGranules];
};

struct RaceRegion {
  uint32_t sourceCount; // sources[0] is "unknown"
  uint32_t pagesUsed;
  uint32_t locationsUsed;
  uint32_t full; // 1 once a table overflowed (accesses beyond it are not checked)
  models::ClockStore clocks;
  // C11 fences (29.8): a release fence makes the agent's later relaxed stores release the clock
  // it had at the fence; relaxed loads collect the clocks they read, and an acquire fence
  // acquires what they collected.
  models::VectorClock fenceRelease[protocol::kMaxAgents];
  models::VectorClock fenceAcquire[protocol::kMaxAgents];
  SourceRecord sources[kMaxSources];
  LocationClock locations[kLocationSlots];
  ShadowPage pages[kPageSlots];
};

// Null until mapped (no checker, or the region could not be created).
extern RaceRegion *gRaceRegion;

} // namespace lockstep::runtime
