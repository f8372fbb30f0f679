// Forgetting an execution's race history (see race_history.h).
#include "race_history.h"

#include "race_detector.h"
#include "race_region.h"
#include "shadow_memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lockstep::runtime {

namespace {

constexpr uintptr_t kOsPage = 4096;

// Zeroes [start, start + length) of the region: the whole pages in it are given back to the memfd
// (MADV_REMOVE punches a hole: every process then reads zeros and the memory is freed), the
// partial pages at its ends are written.
void zeroRegion(void *start, size_t length) {
  const auto lo = reinterpret_cast<uintptr_t>(start);
  const uintptr_t hi = lo + length;
  const uintptr_t pagesLo = (lo + kOsPage - 1) & ~(kOsPage - 1);
  const uintptr_t pagesHi = hi & ~(kOsPage - 1);
  if (pagesLo >= pagesHi) {
    memset(start, 0, length);
    return;
  }
  memset(start, 0, pagesLo - lo);
  memset(reinterpret_cast<void *>(pagesHi), 0, hi - pagesHi);
  if (madvise(reinterpret_cast<void *>(pagesLo), pagesHi - pagesLo, MADV_REMOVE) != 0)
    memset(reinterpret_cast<void *>(pagesLo), 0, pagesHi - pagesLo);
}

// Clears the cells and sources of the pages of the page table in use. The keys stay (processes
// cache where their pages are); only the resident parts of the table are read, so that a sparse
// table is not faulted in.
void clearPageTable(RaceRegion &region) {
  const auto tableLo = reinterpret_cast<uintptr_t>(&region.pages[0]);
  const uintptr_t scanLo = tableLo & ~(kOsPage - 1);
  const auto scanHi = reinterpret_cast<uintptr_t>(&region.pages[kPageSlots]);
  constexpr size_t kBatch = 4096; // OS pages per mincore call
  unsigned char resident[kBatch];
  for (uintptr_t at = scanLo; at < scanHi; at += kBatch * kOsPage) {
    const size_t bytes = scanHi - at < kBatch * kOsPage ? scanHi - at : kBatch * kOsPage;
    if (mincore(reinterpret_cast<void *>(at), bytes, resident) != 0)
      memset(resident, 1, sizeof resident); // cannot tell: read them all
    // The slots whose keys start in a resident page; a slot in use has had its key written.
    const uintptr_t first =
        at > tableLo ? (at - tableLo + sizeof(ShadowPage) - 1) / sizeof(ShadowPage) : 0;
    for (uint64_t slot = first; slot < kPageSlots; ++slot) {
      const auto keyAt = reinterpret_cast<uintptr_t>(&region.pages[slot]);
      if (keyAt >= at + bytes)
        break;
      if (resident[(keyAt - at) / kOsPage] == 0 || region.pages[slot].keyA == 0)
        continue;
      ShadowPage &page = region.pages[slot];
      memset(page.granules, 0, sizeof page.granules);
      memset(page.sources, 0, sizeof page.sources);
    }
  }
}

} // namespace

void forgetRaceHistory() {
  RaceRegion &region = *gRaceRegion;
  const int saved = errno;
  char *const base = reinterpret_cast<char *>(gRaceRegion);
  zeroRegion(base + kArenaOffset, kRegionBytes - kArenaOffset);
  clearPageTable(region);
  zeroRegion(region.locations, sizeof region.locations);
  region.locationsUsed = 0;
  memset(&region.clocks, 0, sizeof region.clocks);
  memset(region.fenceRelease, 0, sizeof region.fenceRelease);
  memset(region.fenceAcquire, 0, sizeof region.fenceAcquire);
  forgetPrefaulted(); // the arena's pages are gone: prefault its windows again
  __lockstep_epoch = 0;
  errno = saved;
}

} // namespace lockstep::runtime
