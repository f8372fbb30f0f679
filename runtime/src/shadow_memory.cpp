// Shared ranges of this process and the shadow tables of the race region (see shadow_memory.h).
#include "shadow_memory.h"

#include "memory_map.h"
#include "race_detector.h"
#include "runtime_state.h"
#include "shadow_reset.h"

#include <cerrno>
#include <cstring>

#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 // Linux 5.14, <linux/mman.h>
#endif

namespace lockstep::runtime {

namespace {

constexpr int kMaxRanges = 256;
constexpr uint64_t kSharedSpace = uint64_t{1} << 60;
constexpr uint64_t kPrivateSpace = uint64_t{2} << 60;
constexpr uint64_t kSpaceMask = (uint64_t{1} << 60) - 1;
constexpr uint64_t kProbeLimit = 64;

// Sorted by start, disjoint; gSharedLow and gSharedSpan (race_detector.h) bound them all.
SharedRange gRanges[kMaxRanges];
int gRangeCount = 0;

void updateBounds() {
  memset(__lockstep_segments, 0, sizeof __lockstep_segments); // the ranges changed
  __lockstep_filter.low = gRangeCount > 0 ? gRanges[0].start : 0;
  __lockstep_filter.span = gRangeCount > 0 ? gRanges[gRangeCount - 1].end - gRanges[0].start : 0;
}

const int32_t kNoThreads = 0; // an inert runtime: nothing is tracked

void insertRange(const SharedRange &r) {
  if (gRangeCount >= kMaxRanges)
    return; // beyond the table, the mapping is not tracked
  int i = gRangeCount;
  while (i > 0 && gRanges[i - 1].start > r.start) {
    gRanges[i] = gRanges[i - 1];
    --i;
  }
  gRanges[i] = r;
  ++gRangeCount;
  updateBounds();
}

uint64_t mix(uint64_t a, uint64_t b, uint64_t c) {
  uint64_t h = a * 0x9e3779b97f4a7c15ULL;
  h ^= b + 0x632be59bd9b4e019ULL + (h << 6) + (h >> 2);
  h ^= c * 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 29;
  return h;
}

template <typename Entry>
Entry *findOrCreate(Entry *table, uint64_t slots, uint32_t *used, uint64_t a, uint64_t b,
                    uint64_t c, bool create) {
  RaceRegion &region = *gRaceRegion;
  uint64_t i = mix(a, b, c) & (slots - 1);
  for (uint64_t probe = 0; probe < kProbeLimit; ++probe, i = (i + 1) & (slots - 1)) {
    Entry &e = table[i];
    if (e.keyA == a && e.keyB == b && e.keyC == c)
      return &e;
    if (e.keyA == 0) {
      if (!create)
        return nullptr;
      e.keyA = a;
      e.keyB = b;
      e.keyC = c;
      ++*used;
      return &e;
    }
  }
  if (create)
    region.full = 1;
  return nullptr;
}

} // namespace

const int32_t kThreadsUnknown = 2; // more than one: the filter lets every access through

void forgetLiveThreads() { __lockstep_filter.threads = &kThreadsUnknown; }

void addSharedRange(const void *start, size_t length) {
  removeSharedRanges(start, length); // MAP_FIXED over an older mapping replaces it
  const MappingInfo info = lookupMapping(start);
  if (!info.found || !info.shared)
    return;
  SharedRange r{};
  r.start = reinterpret_cast<uintptr_t>(start);
  r.end = r.start + length;
  r.device = info.device;
  r.inode = info.inode;
  r.fileOffset = info.fileOffset;
  memcpy(r.name, info.name, sizeof r.name < sizeof info.name ? sizeof r.name : sizeof info.name);
  r.name[sizeof r.name - 1] = '\0';
  insertRange(r);
}

void removeSharedRanges(const void *start, size_t length) {
  const auto lo = reinterpret_cast<uintptr_t>(start);
  const uintptr_t hi = lo + length;
  SharedRange kept[kMaxRanges];
  int n = 0;
  for (int i = 0; i < gRangeCount; ++i) {
    const SharedRange &r = gRanges[i];
    if (r.end <= lo || r.start >= hi) {
      kept[n++] = r;
      continue;
    }
    if (r.start < lo && n < kMaxRanges) { // the part below the hole
      SharedRange below = r;
      below.end = lo;
      kept[n++] = below;
    }
    if (r.end > hi && n < kMaxRanges) { // the part above the hole
      SharedRange above = r;
      above.fileOffset += hi - r.start;
      above.start = hi;
      kept[n++] = above;
    }
  }
  memcpy(gRanges, kept, sizeof(SharedRange) * static_cast<size_t>(n));
  gRangeCount = n;
  updateBounds();
}

const SharedRange *sharedRangeOf(const void *address) {
  const auto a = reinterpret_cast<uintptr_t>(address);
  if (a - __lockstep_filter.low >= __lockstep_filter.span)
    return nullptr;
  int lo = 0;
  int hi = gRangeCount;
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    if (gRanges[mid].end <= a)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < gRangeCount && gRanges[lo].start <= a ? &gRanges[lo] : nullptr;
}

uint64_t privateKeyOf(int process) { return kPrivateSpace | static_cast<uint64_t>(process); }

bool locationOf(const void *address, LocationKey *key, const SharedRange **range) {
  const auto a = reinterpret_cast<uintptr_t>(address);
  if (const SharedRange *r = sharedRangeOf(address)) {
    key->keyA = kSharedSpace | (r->device & kSpaceMask);
    key->keyB = r->inode;
    key->keyC = r->fileOffset + (a - r->start);
    *range = r;
    return true;
  }
  const int process = selfProcess();
  if (__lockstep_filter.threads == &kThreadsUnknown) // first check since attach or fork
    __lockstep_filter.threads = &gControl->processes[process].liveThreads;
  if (*__lockstep_filter.threads <= 1)
    return false;
  key->keyA = privateKeyOf(process);
  key->keyB = 0;
  key->keyC = a;
  *range = nullptr;
  return true;
}

ShadowPage *gPageCache[kPageCacheSize];

namespace {

// The arena block of a chunk of a shared object (allocated when new), or nullptr when the chunk
// table or the arena is full: its granules are then in the page table, in every process alike
// (neither table ever frees an entry, so a chunk's place never changes in an execution).
models::ShadowGranule *chunkBlock(const LocationKey &key) {
  RaceRegion &region = *gRaceRegion;
  const uint64_t before = region.chunksUsed;
  ShadowChunk *c = findOrCreate(region.chunks, kChunkSlots, &region.chunksUsed, key.keyA, key.keyB,
                                key.keyC >> kChunkShift, true);
  if (c == nullptr)
    return nullptr;
  if (region.chunksUsed != before) // created now
    c->slot = region.arenaUsed < kArenaChunks ? region.arenaUsed++ : kNoArenaSlot;
  return c->slot != kNoArenaSlot ? arenaBlock(c->slot) : nullptr;
}

} // namespace

models::ShadowGranule *granuleAt(const void *address) {
  const auto a = reinterpret_cast<uintptr_t>(address);
  if (models::ShadowGranule *g = cachedGranule(a))
    return g;
  LocationKey key{};
  const SharedRange *r = nullptr;
  if (!locationOf(address, &key, &r))
    return nullptr;
  if (r == nullptr)
    return granuleOf(key);
  models::ShadowGranule *block = chunkBlock(key);
  if (block == nullptr)
    return granuleOf(key);
  // Cache the segment, the part of r inside this chunk of its object,
  const uint64_t chunkLow = key.keyC & ~(kChunkBytes - 1);
  const uint64_t low = r->fileOffset > chunkLow ? r->fileOffset : chunkLow;
  const uint64_t rangeHigh = r->fileOffset + (r->end - r->start);
  const uint64_t high = rangeHigh < chunkLow + kChunkBytes ? rangeHigh : chunkLow + kChunkBytes;
  // in both entries whose address bits it spans (it is at most kChunkBytes long).
  ShadowSegment s{};
  s.start = r->start + (low - r->fileOffset);
  s.end = r->start + (high - r->fileOffset);
  s.shadow = block + (low - chunkLow) / models::kGranuleBytes;
  __lockstep_segments[(s.start >> kChunkShift) & (kSegmentCacheSize - 1)] = s;
  __lockstep_segments[((s.end - 1) >> kChunkShift) & (kSegmentCacheSize - 1)] = s;
  return block + (key.keyC - chunkLow) / models::kGranuleBytes;
}

namespace {

constexpr uint64_t kWindowGranules = 1024;
constexpr uint64_t kWindows = kArenaGranules / kWindowGranules;
static_assert(kWindowGranules * sizeof(models::ShadowSources) % 4096 == 0 &&
              kArenaOffset % 4096 == 0 && kArenaSourcesOffset % 4096 == 0);
constexpr uint64_t kPrefaultedWords = kWindows / 64;
uint64_t gPrefaulted[kPrefaultedWords]; // bit w: window w is mapped in this process
// The words of gPrefaulted that may be non-zero: a forked child clears only those (clearing all
// would write, and fault in, 16 pages at every fork).
uint64_t gPrefaultedLow = kPrefaultedWords;
uint64_t gPrefaultedHigh = 0;

} // namespace

void prefaultShadow(const models::ShadowGranule *granule) {
  const auto at = reinterpret_cast<uintptr_t>(granule);
  const auto arena = reinterpret_cast<uintptr_t>(arenaBlock(0));
  if (at < arena || (at - arena) / sizeof(models::ShadowGranule) >= kArenaGranules)
    return;
  const uint64_t window = (at - arena) / sizeof(models::ShadowGranule) / kWindowGranules;
  const uint64_t bit = uint64_t{1} << (window % 64);
  if ((gPrefaulted[window / 64] & bit) != 0)
    return;
  gPrefaulted[window / 64] |= bit;
  gPrefaultedLow = window / 64 < gPrefaultedLow ? window / 64 : gPrefaultedLow;
  gPrefaultedHigh = window / 64 + 1 > gPrefaultedHigh ? window / 64 + 1 : gPrefaultedHigh;
  char *const base = reinterpret_cast<char *>(gRaceRegion);
  const int saved = errno;
  constexpr uint64_t kCells = kWindowGranules * sizeof(models::ShadowGranule);
  constexpr uint64_t kSources = kWindowGranules * sizeof(models::ShadowSources);
  madvise(base + kArenaOffset + window * kCells, kCells, MADV_POPULATE_WRITE);
  madvise(base + kArenaSourcesOffset + window * kSources, kSources, MADV_POPULATE_WRITE);
  errno = saved; // failure (an older kernel) only leaves the pages to fault one by one
}

void forgetPrefaulted() {
  if (gPrefaultedLow < gPrefaultedHigh)
    memset(gPrefaulted + gPrefaultedLow, 0,
           (gPrefaultedHigh - gPrefaultedLow) * sizeof gPrefaulted[0]);
  gPrefaultedLow = kPrefaultedWords;
  gPrefaultedHigh = 0;
}

models::ShadowGranule *granuleMiss(const LocationKey &key, bool create) {
  const uint64_t page = key.keyC / kPageBytes;
  RaceRegion &region = *gRaceRegion;
  const uint32_t before = region.pagesUsed;
  ShadowPage *p =
      findOrCreate(region.pages, kPageSlots, &region.pagesUsed, key.keyA, key.keyB, page, create);
  if (p == nullptr)
    return nullptr;
  if (region.pagesUsed != before && (key.keyA & kPrivateSpace) != 0) // a new private page
    notePrivatePage(p);
  gPageCache[pageCacheIndex(page, key.keyB)] = p;
  return &p->granules[(key.keyC / models::kGranuleBytes) % kPageGranules];
}

models::VectorClock *locationClockOf(const LocationKey &key) {
  RaceRegion &region = *gRaceRegion;
  LocationClock *c = findOrCreate(region.locations, kLocationSlots, &region.locationsUsed, key.keyA,
                                  key.keyB, key.keyC, true);
  return c != nullptr ? &c->clock : nullptr;
}

} // namespace lockstep::runtime

extern "C" {
__lockstep_access_filter __lockstep_filter = {0, 0, &lockstep::runtime::kNoThreads};
__lockstep_segment __lockstep_segments[LOCKSTEP_SEGMENT_SLOTS];
}
