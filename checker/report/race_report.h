// Naming the variable of a data race: for a race on private memory inside a module (a global),
// the symbolizer reads its name from the debug information and the report says it.
#pragma once

#include "report/symbolizer.h"

namespace lockstep::checker {

// Adds the variable's name to a data-race bug's message and details when debug info gives it.
void nameRaceVariable(Bug &bug, const Execution &execution, Symbolizer &symbols);

} // namespace lockstep::checker
