// Race focus (issue 3 item 7, docs/races.md): when the checker names focused locations in
// ControlBlock::focus, a plain access to one of them becomes a visible operation (memory_load or
// memory_store) scheduled before the program performs it, so the explorer orders the racing
// accesses and can show the race's consequence (a lost update, a torn read).
#pragma once

#include <cstdint>

namespace lockstep::runtime {

// Called by the plain-access callbacks for tracked memory (maybeTracked) before the access:
// returns at once unless the access touches a focused location, else performs one visible step
// per focused granule it touches (in address order) and returns in the agent's turn.
void focusAccess(const void *address, uint64_t size, bool write, const void *pc);

// The memory intrinsics under focus. When [src, src + n) or [dst, dst + n) touches a focused
// granule, performs the copy (or fill) itself in pieces cut at the focused granules, each piece
// preceded by the steps of the focused granules it starts (a load of the source's, a store of the
// destination's), so other agents' accesses to a focused granule can fall between the pieces, as
// they can between the bytes of a real copy; returns true. Returns false (nothing done) when no
// focused granule is touched: the caller copies.
// Before the agent publishes a visible operation (performVisible): tells the model whether the
// agent's last focused store changed its granule, now that the store has run.
void settleFocusedStore();

bool focusCopy(void *dst, const void *src, uint64_t n, bool overlapping, const void *pc);
bool focusFill(void *dst, int c, uint64_t n, const void *pc);

} // namespace lockstep::runtime
