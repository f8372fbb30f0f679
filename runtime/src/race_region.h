// The race region: the shared memory that holds everything the race detector knows in one
// execution: the vector clocks of agents and objects (models::ClockStore), the clocks of atomic
// locations, the interned source locations of accesses, and the shadow memory (one
// models::ShadowGranule per 8-byte granule of tracked memory, keyed by (mapping identity,
// offset)).
//
// Shadow of shared memory: the shadow arena, after the struct, holds one block of
// kChunkBytes / 8 granules per chunk of a shared object (its mapping identity and its file offset
// divided by kChunkBytes), allocated when some process first touches the chunk and found through
// the `chunks` table; a process caches where each chunk of its ranges sits (shadow_memory.h), so
// the granule of a shared address is computed, not looked up. When the arena is full, and for
// the private memory of a multi-threaded process, granules are grouped in pages of
// kPageGranules found by an open-addressing table.
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

#include <cstddef>

namespace lockstep::runtime {

inline constexpr uint32_t kMaxSources = 8192;
static_assert(kMaxSources - 1 <= models::kMaxSourceIndex, "a source index fits a shadow source");
inline constexpr uint32_t kLocationSlots = 4096;
// Shadow pages: the granules of 512 consecutive bytes of one mapping (or of one process's
// private memory) sit together, so sequential accesses stay in one page and its cache lines.
inline constexpr uint64_t kPageGranules = 64;
inline constexpr uint64_t kPageBytes = kPageGranules * models::kGranuleBytes;
inline constexpr uint64_t kPageSlots = uint64_t{1} << 15; // 16 MiB of distinct tracked memory
// The arena: chunks of 1 MiB of a shared object (3.5 MiB of shadow each: 16 bytes of cells and 12
// of sources per 8 bytes), 2 GiB of distinct shared memory in all; the memfd is sparse, only the
// shadow of touched memory takes memory.
inline constexpr uint64_t kChunkShift = 20;
inline constexpr uint64_t kChunkBytes = uint64_t{1} << kChunkShift;
inline constexpr uint64_t kChunkGranules = kChunkBytes / models::kGranuleBytes;
inline constexpr uint32_t kArenaChunks = 2048;
inline constexpr uint64_t kChunkSlots = uint64_t{1} << 13;
inline constexpr uint64_t kNoArenaSlot = ~uint64_t{0};

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
  models::ShadowSources sources[kPageGranules];
};

// A chunk of a shared object: keyA/keyB its mapping identity (as LocationKey), keyC the chunk
// number (file offset / kChunkBytes); keyA == 0: a free slot. `slot` is its block in the arena,
// or kNoArenaSlot when the arena was full (its granules are then in the page table).
struct ShadowChunk {
  uint64_t keyA;
  uint64_t keyB;
  uint64_t keyC;
  uint64_t slot;
};

struct RaceRegion {
  uint32_t sourceCount; // sources[0] is "unknown"
  uint32_t pagesUsed;
  uint32_t locationsUsed;
  uint32_t full; // 1 once a table overflowed (accesses beyond it are not checked)
  uint32_t chunksUsed;
  uint32_t arenaUsed;
  models::ClockStore clocks;
  // C11 fences (29.8): a release fence makes the agent's later relaxed stores release the clock
  // it had at the fence; relaxed loads collect the clocks they read, and an acquire fence
  // acquires what they collected.
  models::VectorClock fenceRelease[protocol::kMaxAgents];
  models::VectorClock fenceAcquire[protocol::kMaxAgents];
  SourceRecord sources[kMaxSources];
  LocationClock locations[kLocationSlots];
  ShadowPage pages[kPageSlots];
  ShadowChunk chunks[kChunkSlots];
};

// Where the arena starts in the region (its granules, then the cells' sources, block by block in
// the same order), and the region's whole size.
inline constexpr uint64_t kArenaOffset = (sizeof(RaceRegion) + 4095) & ~uint64_t{4095};
inline constexpr uint64_t kArenaGranules = uint64_t{kArenaChunks} * kChunkGranules;
inline constexpr uint64_t kArenaSourcesOffset =
    kArenaOffset + kArenaGranules * sizeof(models::ShadowGranule);
inline constexpr uint64_t kRegionBytes =
    kArenaSourcesOffset + kArenaGranules * sizeof(models::ShadowSources);

// Null until mapped (no checker, or the region could not be created).
extern RaceRegion *gRaceRegion __attribute__((visibility("hidden")));

// The first granule of the arena's block `slot`.
inline models::ShadowGranule *arenaBlock(uint64_t slot) {
  return reinterpret_cast<models::ShadowGranule *>(reinterpret_cast<char *>(gRaceRegion) +
                                                   kArenaOffset) +
         slot * kChunkGranules;
}

// The sources of a granule's cells, in the arena or in its page of the page table.
inline models::ShadowSources &sourcesOf(models::ShadowGranule *granule) {
  char *const base = reinterpret_cast<char *>(gRaceRegion);
  const auto at = static_cast<uint64_t>(reinterpret_cast<char *>(granule) - base);
  if (at >= kArenaOffset)
    return reinterpret_cast<models::ShadowSources *>(
        base + kArenaSourcesOffset)[(at - kArenaOffset) / sizeof(models::ShadowGranule)];
  const uint64_t inPages = at - offsetof(RaceRegion, pages);
  ShadowPage &page = gRaceRegion->pages[inPages / sizeof(ShadowPage)];
  return page.sources[granule - page.granules];
}

} // namespace lockstep::runtime
