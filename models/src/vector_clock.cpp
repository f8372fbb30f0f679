// Vector clock operations (see vector_clock.h).
#include "lockstep/models/vector_clock.h"

namespace lockstep::models {

void joinClock(VectorClock &dst, const VectorClock &src) {
  for (int i = 0; i < protocol::kMaxAgents; ++i) {
    if (src.at[i] > dst.at[i])
      dst.at[i] = src.at[i];
  }
}

bool clockLeq(const VectorClock &a, const VectorClock &b) {
  for (int i = 0; i < protocol::kMaxAgents; ++i) {
    if (a.at[i] > b.at[i])
      return false;
  }
  return true;
}

} // namespace lockstep::models
