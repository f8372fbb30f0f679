// FastTrack-style check of one access against a granule's shadow cells (see race_shadow.h).
#include "lockstep/models/race_shadow.h"

namespace lockstep::models {

namespace {

bool conflicts(const ShadowCell &a, const ShadowCell &b) {
  if ((a.mask & b.mask) == 0)
    return false;
  if (((a.flags | b.flags) & kAccessWrite) == 0)
    return false;
  return ((a.flags & b.flags) & kAccessAtomic) == 0;
}

// True when `old` can be dropped once `access` is recorded: every later access that would race
// with `old` races with `access` too.
bool subsumes(const ShadowCell &access, const ShadowCell &old, const VectorClock &now) {
  if ((old.mask & ~access.mask) != 0)
    return false; // old touched bytes the new access does not
  const bool oldWrite = (old.flags & kAccessWrite) != 0;
  const bool newWrite = (access.flags & kAccessWrite) != 0;
  if (oldWrite && !newWrite)
    return false; // a later read races with the write, not with this read
  if ((old.flags & kAccessAtomic) != 0 && (access.flags & kAccessAtomic) == 0)
    return false; // keep the kinds apart: a plain access does not stand for an atomic one
  if ((old.flags & kAccessAtomic) == 0 && (access.flags & kAccessAtomic) != 0)
    return false;
  return old.agent == access.agent || old.time <= now.at[old.agent];
}

} // namespace

bool checkAndRecord(ShadowGranule &granule, ShadowSources &sources, const ShadowAccess &access,
                    const VectorClock &now, ShadowAccess *racing) {
  if (sameEpoch(granule, access))
    return false;
  bool raced = false;
  int replace = -1;
  int empty = -1;
  for (int i = 0; i < kShadowCells; ++i) {
    const ShadowCell &cell = granule.cells[i];
    if (cell.time == 0) {
      if (empty < 0)
        empty = i;
      continue;
    }
    if (!raced && cell.agent != access.agent && conflicts(cell, access) &&
        cell.time > now.at[cell.agent]) {
      raced = true;
      if (racing != nullptr) {
        static_cast<ShadowCell &>(*racing) = cell;
        racing->loc = sources.loc[i];
        racing->size = sources.size[i];
      }
    }
    if (replace < 0 && subsumes(access, cell, now))
      replace = i;
  }
  int slot = replace >= 0 ? replace : empty;
  if (slot < 0)
    slot = static_cast<int>(access.time % kShadowCells);
  granule.cells[slot] = access;
  sources.loc[slot] = static_cast<uint16_t>(access.loc <= kMaxSourceIndex ? access.loc : 0);
  sources.size[slot] = access.size;
  return raced;
}

} // namespace lockstep::models
