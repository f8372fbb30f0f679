// Who waits on what: the explanation of a deadlock. For each blocked agent, a sentence naming
// its operation, the object and who holds it, and the agents it waits for; and a cycle in that
// wait-for graph when there is one.
#pragma once

#include "lockstep/models/model.h"

#include <string>
#include <vector>

namespace lockstep::models {

struct WaitInfo {
  uint64_t waitsFor = 0; // agents whose progress this agent needs
  std::string text;      // "P0 waits in mutex_lock on mutex#1, held by P1"
};

WaitInfo describeWait(const ControlBlock &cb, int agent);

// A cycle of blocked agents each waiting for the next (empty when there is none).
std::vector<int> findWaitCycle(const ControlBlock &cb);

} // namespace lockstep::models
