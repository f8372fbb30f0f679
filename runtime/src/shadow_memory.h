// Where tracked memory lives and how it is named, and the shadow tables in the race region.
//
// Every process keeps a table of its shared ranges (MAP_SHARED mappings, System V segments),
// each with the identity of the file behind it (device, inode, file offset of its start, from
// /proc/self/maps), so a plain access asks "is this address shared?" with one bounds test and a
// short search. The table is private memory: fork copies it, which is right since the child
// inherits the mappings; execve starts it empty, as the new image has none of them.
//
// A location is (mapping identity, offset): the same byte mapped at different addresses by two
// processes is one location. Memory that only the threads of one process share (heap, globals,
// stacks) is named (process, address), and tracked only while the process has more than one
// live thread: a single-threaded process's private memory cannot race (fork copies it), so its
// accesses cost one range test.
#pragma once

#include "lockstep/models/race_shadow.h"

#include "lockstep_abi.h"
#include "race_region.h"

#include <cstddef>
#include <cstdint>

namespace lockstep::runtime {

struct SharedRange {
  uintptr_t start;
  uintptr_t end;
  uint64_t device;
  uint64_t inode;
  uint64_t fileOffset; // offset in the file of `start`
  char name[protocol::kWhereSize];
};

// Identity of one byte of tracked memory; keyA != 0.
struct LocationKey {
  uint64_t keyA;
  uint64_t keyB;
  uint64_t keyC; // byte offset (shared) or address (private)
};

// Registers [start, start + length) as shared, reading its identity from /proc/self/maps.
void addSharedRange(const void *start, size_t length);
// Forgets shared ranges (or their parts) inside [start, start + length).
void removeSharedRanges(const void *start, size_t length);
// The shared range holding address, or nullptr.
const SharedRange *sharedRangeOf(const void *address);

// After attach and in a forked child: the live-thread counter is looked up again.
void forgetLiveThreads();

// keyA of the private memory of a process.
uint64_t privateKeyOf(int process);

// Names the location of address; false when it is not tracked now (private memory of a
// single-threaded process). *range is set for shared memory, nullptr otherwise.
bool locationOf(const void *address, LocationKey *key, const SharedRange **range);

// Where this process found the arena blocks of its shared ranges: a direct-mapped cache, by
// address / kChunkBytes, of segments (the part of one shared range inside one chunk of its
// object) and the granule of their first byte. Emptied whenever the ranges change; an empty
// entry (start == end == 0) matches nothing. Fork keeps it (the child has the same mappings and
// the same region mapping); execve starts it empty.
// The cache is __lockstep_segments (lockstep_abi.h), which the pass's inlined test reads too; an
// entry's `shadow` is the granule of its `start`.
using ShadowSegment = ::__lockstep_segment;
inline constexpr uint64_t kSegmentCacheSize = LOCKSTEP_SEGMENT_SLOTS;
static_assert(LOCKSTEP_SEGMENT_SHIFT == kChunkShift &&
              LOCKSTEP_GRANULE_BYTES == models::kGranuleBytes &&
              LOCKSTEP_SHADOW_CELLS == models::kShadowCells &&
              LOCKSTEP_GRANULE_SHADOW_BYTES == sizeof(models::ShadowGranule));

// The granule of a shared address whose segment is cached, else nullptr: one compare and one
// multiply-add, the common case of an access to shared memory.
inline models::ShadowGranule *cachedGranule(uintptr_t address) {
  const ShadowSegment &s = __lockstep_segments[(address >> kChunkShift) & (kSegmentCacheSize - 1)];
  if (address - s.start >= s.end - s.start)
    return nullptr;
  return static_cast<models::ShadowGranule *>(s.shadow) +
         (address - s.start) / models::kGranuleBytes;
}

// The granule holding address (created empty when new), whatever memory it is in: the segment
// cache, else the arena block of its shared chunk (allocated when new, and cached), else the page
// table. nullptr when address is not tracked now or the tables are full.
models::ShadowGranule *granuleAt(const void *address);

// Before a granule of the arena is first recorded: maps the window of the arena around it (the
// cells and sources of 8 KiB of shared memory: 7 pages) into this process with one madvise
// (MADV_POPULATE_WRITE, Linux 5.14) instead of a page fault per 4 KiB of shadow, once per window
// and process (a forked child maps them again: fork does not copy the page tables of shared
// mappings). Page faults are most of the cost of first touching shared memory on a virtual machine
// (about 12–16 µs a page measured here, MADV_POPULATE_WRITE saving a quarter of it); the window
// bounds what a sparse touch commits (7 pages, as a touch of the whole 8 KiB would; windows of
// 4 KiB and 16 KiB of 8-byte cells gave the same speed). Keeps errno; no-op elsewhere.
void prefaultShadow(const models::ShadowGranule *granule);
// In a forked child: no window is mapped yet.
void forgetPrefaulted();

// The pages this process used last, direct-mapped by a hash of the page number, so loops over a
// few arrays (a merge sort's source and destination) rarely look the hash table up. Pages never
// move, so an entry stays valid for the whole execution, in forked children too.
inline constexpr uint64_t kPageCacheBits = 6;
inline constexpr uint64_t kPageCacheSize = uint64_t{1} << kPageCacheBits;
extern ShadowPage *gPageCache[kPageCacheSize] __attribute__((visibility("hidden")));

// Fibonacci hashing: arrays a power of two apart do not collide.
inline uint64_t pageCacheIndex(uint64_t page, uint64_t keyB) {
  return ((page ^ keyB) * 0x9e3779b97f4a7c15ULL) >> (64 - kPageCacheBits);
}

// The granule of a location that the page cache does not hold: the hash table (creating the
// page when `create`); nullptr when absent or the table is full.
models::ShadowGranule *granuleMiss(const LocationKey &key, bool create);

inline models::ShadowGranule *granuleIn(const LocationKey &key, bool create) {
  const uint64_t page = key.keyC / kPageBytes;
  ShadowPage *p = gPageCache[pageCacheIndex(page, key.keyB)];
  if (p == nullptr || p->keyC != page || p->keyA != key.keyA || p->keyB != key.keyB)
    return granuleMiss(key, create);
  return &p->granules[(key.keyC / models::kGranuleBytes) % kPageGranules];
}

// The granule holding a location (created empty when new), or nullptr when the table is full.
inline models::ShadowGranule *granuleOf(const LocationKey &key) { return granuleIn(key, true); }
// The granule if it exists, without creating it.
inline models::ShadowGranule *findGranule(const LocationKey &key) { return granuleIn(key, false); }
// The clock of an atomic location (created zero when new), or nullptr when the table is full.
models::VectorClock *locationClockOf(const LocationKey &key);

} // namespace lockstep::runtime
