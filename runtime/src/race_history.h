// Forgetting an execution's race history when a shadow cell could no longer hold an agent's
// time. A cell keeps 16 bits of time (models/race_shadow.h); an agent that releases more than
// kMaxCellTime times in one execution (a long loop of unlocks or posts) would wrap around and
// make old accesses look new. Before that, every cell, every vector clock and every atomic
// location's clock is cleared, in every process at once (they live in the shared race region),
// and all agents start their clocks again at 1: accesses before the reset are forgotten, as
// ThreadSanitizer forgets its shadow when its epochs overflow (a race whose first access came
// before the reset is missed; nothing is reported that did not race). Only the agent holding the
// turn runs, so nobody reads the region meanwhile; the others re-read their epoch (__lockstep_epoch)
// after their next step.
#pragma once

namespace lockstep::runtime {

void forgetRaceHistory();

} // namespace lockstep::runtime
