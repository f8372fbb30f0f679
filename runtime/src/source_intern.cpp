// Interning source-location records (see source_intern.h).
#include "source_intern.h"

#include "race_region.h"

#include <cstring>

namespace lockstep::runtime {

namespace {

void copyBounded(char *dst, size_t size, const char *src) {
  if (src == nullptr) {
    dst[0] = '\0';
    return;
  }
  size_t n = strnlen(src, size - 1);
  // Keep the end of long paths: the file name matters more than the directories.
  if (size - 1 == n && strlen(src) > n)
    src += strlen(src) - n;
  memcpy(dst, src, n);
  dst[n] = '\0';
}

const __lockstep_srcloc *gLastLoc = nullptr; // the last location interned, and its index
uint32_t gLastLocId = 0;

} // namespace

const __lockstep_srcloc *gSourceCacheKeys[kSourceCacheSlots];
uint32_t gSourceCacheIds[kSourceCacheSlots];

uint32_t internSource(const __lockstep_srcloc *loc) {
  if (loc == nullptr)
    return 0;
  if (loc == gLastLoc)
    return gLastLocId;
  uint32_t i = sourceCacheSlot(loc);
  for (uint32_t probe = 0; probe < kSourceCacheSlots;
       ++probe, i = (i + 1) & (kSourceCacheSlots - 1)) {
    if (gSourceCacheKeys[i] == loc) {
      gLastLoc = loc;
      gLastLocId = gSourceCacheIds[i];
      return gLastLocId;
    }
    if (gSourceCacheKeys[i] != nullptr)
      continue;
    RaceRegion &region = *gRaceRegion;
    if (region.sourceCount == 0)
      region.sourceCount = 1; // 0 is "unknown"
    if (region.sourceCount >= kMaxSources)
      return 0;
    const uint32_t id = region.sourceCount++;
    SourceRecord &s = region.sources[id];
    copyBounded(s.file, sizeof s.file, loc->file);
    copyBounded(s.function, sizeof s.function, loc->function);
    s.line = loc->line;
    s.column = loc->column;
    gSourceCacheKeys[i] = loc;
    gSourceCacheIds[i] = id;
    gLastLoc = loc;
    gLastLocId = id;
    return id;
  }
  return 0;
}

} // namespace lockstep::runtime
