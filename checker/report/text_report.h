// The terminal report of a bug: the bug first (kind, message, who waits on what), then the
// interleaving step by step with one lane per agent, each step naming its operation, object
// and call site.
#pragma once

#include "report/symbolizer.h"
#include "trace/execution.h"

#include <cstdio>
#include <string>

namespace lockstep::checker {

void printBug(FILE *out, const Bug &bug, const Execution &execution, Symbolizer &symbols,
              const std::string &header);

void printInterleaving(FILE *out, const Execution &execution, size_t steps, Symbolizer &symbols);

// "mutex#1 `lock_a`" or "mutex#1 (anonymous shared mapping+0x40)".
std::string describeObject(const Execution &execution, uint32_t object, Symbolizer &symbols);

} // namespace lockstep::checker
