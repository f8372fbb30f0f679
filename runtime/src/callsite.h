// Call sites: a return address becomes (module index, offset from the module's load bias), so
// the checker can symbolize it after the execution without knowing the program's addresses.
// Module paths are registered once per path in the control block.
#pragma once

#include "control_block.h"

namespace lockstep::runtime {

// Registers this process's loaded modules (at attach, after exec, and on a lookup miss).
void registerModules();

// The module-relative location of pc, or {kNoModule, ...} when no module contains it.
protocol::CallSite siteOf(const void *pc);

// Module index and offset of a data address inside a loaded module; false when none.
bool moduleOffsetOf(const void *address, uint16_t *module, uint64_t *offset);

} // namespace lockstep::runtime
