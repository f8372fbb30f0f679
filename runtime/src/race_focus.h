// Race focus (issue 3 item 7, docs/races.md): when the checker names focused locations in
// ControlBlock::focus, a plain access to one of them becomes a visible operation (memory_load or
// memory_store) scheduled before the program performs it, so the explorer orders the racing
// accesses and can show the race's consequence (a lost update, a double allocation).
#pragma once

#include <cstdint>

namespace lockstep::runtime {

// Called by the plain-access callbacks for tracked memory (maybeTracked) before the access:
// returns at once unless the access touches a focused location, else waits for its turn.
void focusAccess(const void *address, uint64_t size, bool write, const void *pc);

} // namespace lockstep::runtime
