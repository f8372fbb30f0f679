// Race focus (see race_focus.h). A focused location is named like a race record names it: the
// shared mapping's name and an offset in it (the file offset of the mapping's backing object),
// which stay the same from one execution to the next although the addresses and inodes may not.
// One object per focused 8-byte granule (objectAt on the granule's address, family Atomic), so
// accesses of any size to the granule are related by the dependence relation.
#include "race_focus.h"

#include "objects.h"
#include "runtime_state.h"
#include "shadow_memory.h"
#include "turn.h"
#include "visible_op.h"

#include "lockstep/models/race_shadow.h"

#include <cerrno>
#include <cstring>

namespace lockstep::runtime {

void focusAccess(const void *address, uint64_t size, bool write, const void *pc) {
  if (gControl == nullptr || gControl->focus.count == 0 || !modelled() || size == 0)
    return;
  const SharedRange *range = sharedRangeOf(address);
  if (range == nullptr)
    return; // private memory is not focused (a race record names it by module offset)
  const uint64_t begin = range->fileOffset + (reinterpret_cast<uintptr_t>(address) - range->start);
  const uint64_t end = begin + size;
  const FocusTable &focus = gControl->focus;
  const uint32_t count = focus.count < kMaxFocus ? focus.count : kMaxFocus;
  for (uint32_t i = 0; i < count; ++i) {
    const FocusLocation &f = focus.locations[i];
    const uint64_t granule = f.offset & ~uint64_t{models::kGranuleBytes - 1};
    if (end <= granule || begin >= granule + models::kGranuleBytes ||
        strncmp(range->name, f.mapping, kWhereSize) != 0)
      continue;
    if (granule < range->fileOffset)
      continue;
    const uintptr_t at = range->start + (granule - range->fileOffset);
    if (at >= range->end)
      continue;
    const int savedErrno = errno;
    const uint32_t object = objectAt(reinterpret_cast<const void *>(at), ObjectFamily::Atomic);
    performVisible(makeOp(write ? OpKind::memory_store : OpKind::memory_load, pc, object));
    errno = savedErrno;
    return;
  }
}

} // namespace lockstep::runtime
