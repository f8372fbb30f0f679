// The object registry: finds or creates the control-block record of the synchronization object
// at an address, keyed so that every process agrees (see memory_map.h). A per-process cache
// keeps the common case off /proc/self/maps.
#pragma once

#include "control_block.h"

namespace lockstep::runtime {

// Index of the object at address, creating it (with its state read from the real object)
// when first seen. Stops the execution when the table is full.
uint32_t objectAt(const void *address, protocol::ObjectFamily family);

// After fork, in the child: the cache holds the parent's private objects.
void forgetCachedObjects();

// Before fork: the child gets copies of the parent's objects in private memory. A mutex the
// forking agent held is held by the child's main thread; one held by another thread of the
// parent stays held by that thread, which does not exist in the child (POSIX).
void cloneProcessObjects(int fromProcess, int toProcess, int forkingAgent, int childAgent);

} // namespace lockstep::runtime
