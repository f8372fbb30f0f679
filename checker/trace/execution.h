// One execution as the checker knows it once the runtime is done: the validated steps, the
// agents and objects with their report names, and the bug if one showed. Everything here was
// copied out of the control block and checked, so the rest of the checker can trust it.
#pragma once

#include "control_block.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lockstep::checker {

using protocol::CallSite;
using protocol::OpKind;

struct Step {
  int agent = 0;
  uint8_t variant = 0;
  uint8_t variants = 1; // bit mask of the outcomes the operation could take here
  OpKind op = OpKind::thread_yield;
  uint32_t object = protocol::kNoObject;
  int32_t target = -1;
  uint16_t flags = 0;   // protocol::kStep*
  uint64_t enabled = 0; // agents that could have been chosen at this step
  int64_t result = 0;
  CallSite site{protocol::kNoModule, 0, 0};
};

// The operation an agent was about to perform when the execution ended (it is parked there).
// An execution cut short by a bug is not maximal: DPOR treats these as the next steps that the
// missing suffix would have started with.
struct PendingStep {
  int agent = 0;
  OpKind op = OpKind::thread_yield;
  uint32_t object = protocol::kNoObject;
  int32_t target = -1;
  bool killed = false; // the agent's process was killed while it was parked with this operation
};

struct ObjectInfo {
  std::string name;                           // "mutex#1"
  std::string where;                          // "anonymous shared mapping+0x40", or empty
  uint16_t whereModule = protocol::kNoModule; // private memory in a module: symbolize it
  uint64_t whereOffset = 0;
};

struct Bug {
  std::string kind; // deadlock, assertion, crash, exit-code, hang, misuse, livelock, divergence
  std::string message;
  size_t step = 0; // the number of steps of the execution that lead to the bug
  int agent = -1;
  CallSite site{protocol::kNoModule, 0, 0};
  std::vector<std::string> details; // who waits on what, the wait-for cycle...
  // data-race: what makes two reports the same race (the pair of code locations), and the
  // private data the race is on, when it is inside a module (to name the variable).
  std::string key;
  uint16_t dataModule = protocol::kNoModule;
  uint64_t dataOffset = 0;
  // data-race on shared memory: the mapping's name (dataOffset is then the offset in it), the
  // location race focus names (docs/races.md).
  bool dataShared = false;
  std::string dataMapping;
  // data-race on private memory outside any module: dataOffset is the address.
  bool dataAddress = false;
};

struct Execution {
  std::vector<Step> steps;
  std::vector<PendingStep> pending; // agents parked at the end, by agent index
  std::vector<std::string> agentNames;
  std::vector<ObjectInfo> objects;
  std::vector<std::string> modules;
  std::optional<Bug> bug;
  // Data races found during the execution (kind data-race), in the order found; they do not end
  // the execution.
  std::vector<Bug> races;
  // Set when the run could not be judged (unsupported call, internal error): exit 2 or 3.
  std::optional<Bug> error;
  bool finished = false; // every agent exited
  // Ended by the runtime because every enabled agent was in the sleep set the plan carried: a
  // redundant (sleep-set-blocked) execution, not a bug.
  bool sleepBlocked = false;
  // The process of each agent (indexed like agentNames) and the parent of each process (-1 for
  // the root): what the dependence relation needs to relate fork, exit and wait.
  std::vector<int32_t> agentProcess;
  std::vector<int32_t> processParent;
};

} // namespace lockstep::checker
