// Vector clocks for happens-before (Lamport 1978; Mattern 1989), in the fixed-size, plain-data
// form that lives in shared memory: one 32-bit counter per agent. An epoch c@t (FastTrack,
// Flanagan & Freund, PLDI 2009) is one agent's counter: access e by t at time c happens before
// the current point of agent u iff c <= C_u[t]. Pure functions, no I/O; used by the runtime's
// race detector and by the unit tests.
#pragma once

#include "control_block.h"

#include <cstdint>

namespace lockstep::models {

struct VectorClock {
  uint32_t at[protocol::kMaxAgents];
};

// dst := dst ⊔ src (pointwise maximum).
void joinClock(VectorClock &dst, const VectorClock &src);

// True when every component of a is <= the one of b (a happens before or equals b).
bool clockLeq(const VectorClock &a, const VectorClock &b);

// An epoch: agent `agent` at its own time `time`. time == 0 means "no access".
struct Epoch {
  uint32_t time;
  uint8_t agent;
};

// True when the access at epoch e happens before the current point of the agent whose clock is
// `now` (or e is empty).
inline bool epochBefore(const Epoch &e, const VectorClock &now) {
  return e.time == 0 || e.time <= now.at[e.agent];
}

} // namespace lockstep::models
