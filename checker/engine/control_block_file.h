// The checker's side of the control block: a memfd the program inherits, sized for the trace
// capacity, reset before every execution (only the parts the last execution used are cleared).
#pragma once

#include "control_block.h"

#include <string>
#include <vector>

namespace lockstep::checker {

class ControlBlockFile {
public:
  explicit ControlBlockFile(uint32_t capacity);
  ~ControlBlockFile();
  ControlBlockFile(const ControlBlockFile &) = delete;
  ControlBlockFile &operator=(const ControlBlockFile &) = delete;

  // Clears the previous execution's state and writes the plan for the next one.
  void reset(const std::vector<protocol::PlanEntry> &plan, uint32_t maxSteps);

  // Where the guard words, or the padding between the fixed part and the plan, no longer hold
  // zero (nothing may write there: a stray write into the block), as "offset N: value V"; empty
  // when intact. Checked after every execution.
  std::string damagedGuard() const;

  int fd() const { return fd_; }
  protocol::ControlBlock *block() { return block_; }
  uint32_t capacity() const { return capacity_; }
  // The trace, at the offset the checker chose (never the one read back from the block).
  const protocol::StepRecord *trace() const {
    return reinterpret_cast<const protocol::StepRecord *>(reinterpret_cast<const char *>(block_) +
                                                          layout_.traceOffset);
  }

private:
  int fd_ = -1;
  uint32_t capacity_;
  protocol::Layout layout_;
  protocol::ControlBlock *block_ = nullptr; // the live shared mapping
};

} // namespace lockstep::checker
