// Forgetting the shadow of private memory that changes owner (see shadow_reset.h).
#include "shadow_reset.h"

#include "runtime_state.h"
#include "shadow_memory.h"

#include <cstring>
#include <pthread.h>

namespace lockstep::runtime {

namespace {

// The region slots of the private shadow pages this process created, in creation order. Only
// the agent holding the turn creates pages, so there is no concurrent append. A forked child
// inherits its parent's entries: they carry the parent's key and are skipped.
uint32_t gPrivatePages[kPageSlots];
uint32_t gPrivatePageCount = 0;

// Clears the granules of [start, end) (granule-aligned) that lie in one page, whose granule of
// `start` is g.
void clearGranules(models::ShadowGranule *g, uintptr_t start, uintptr_t end) {
  memset(g, 0, (end - start) / models::kGranuleBytes * sizeof(models::ShadowGranule));
}

} // namespace

void notePrivatePage(const ShadowPage *page) {
  if (gPrivatePageCount < kPageSlots)
    gPrivatePages[gPrivatePageCount++] = static_cast<uint32_t>(page - gRaceRegion->pages);
}

bool privateShadowExists() {
  return gRaceRegion != nullptr && gControl != nullptr && tAgent >= 0 && gPrivatePageCount > 0;
}

void resetPrivateShadow(uintptr_t start, uintptr_t end) {
  if (!privateShadowExists() || end <= start)
    return;
  const uintptr_t lo = start & ~uintptr_t{models::kGranuleBytes - 1};
  const uintptr_t hi = (end + models::kGranuleBytes - 1) & ~uintptr_t{models::kGranuleBytes - 1};
  const uint64_t keyA = privateKeyOf(selfProcess());
  const uint64_t firstPage = lo / kPageBytes;
  const uint64_t pages = (hi - 1) / kPageBytes - firstPage + 1;
  if (pages <= gPrivatePageCount) { // look each page of the range up
    for (uint64_t page = firstPage; page < firstPage + pages; ++page) {
      const uintptr_t from = page * kPageBytes > lo ? page * kPageBytes : lo;
      const uintptr_t to = (page + 1) * kPageBytes < hi ? (page + 1) * kPageBytes : hi;
      if (models::ShadowGranule *g = findGranule(LocationKey{keyA, 0, from}))
        clearGranules(g, from, to);
    }
    return;
  }
  for (uint32_t i = 0; i < gPrivatePageCount; ++i) { // fewer pages than the range: scan them
    ShadowPage &p = gRaceRegion->pages[gPrivatePages[i]];
    const uintptr_t pageLo = p.keyC * kPageBytes;
    if (p.keyA != keyA || p.keyB != 0 || pageLo >= hi || pageLo + kPageBytes <= lo)
      continue;
    const uintptr_t from = pageLo > lo ? pageLo : lo;
    const uintptr_t to = pageLo + kPageBytes < hi ? pageLo + kPageBytes : hi;
    clearGranules(&p.granules[(from - pageLo) / models::kGranuleBytes], from, to);
  }
}

void resetOwnStack() {
  if (!privateShadowExists())
    return;
  void *base = nullptr;
  size_t size = 0;
  {
    RuntimeScope scope; // pthread_getattr_np allocates (its cpu set): no checks in there
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
      return;
    if (pthread_attr_getstack(&attr, &base, &size) != 0)
      size = 0;
    pthread_attr_destroy(&attr);
  }
  const auto lo = reinterpret_cast<uintptr_t>(base);
  resetPrivateShadow(lo, lo + size);
}

} // namespace lockstep::runtime
