// A test fixture for the models: a zeroed ControlBlock (plain data, ~400 KB) and helpers that
// register processes, agents and objects by hand, park agents on an operation and apply it, the
// way the runtime's turn handoff does. Nothing here runs a real program.
#pragma once

#include "lockstep/models/family_models.h"
#include "lockstep/models/model.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace lockstep::models::testing {

class ModelTest : public ::testing::Test {
protected:
  std::unique_ptr<ControlBlock> block_ = std::make_unique<ControlBlock>();
  ControlBlock &cb_ = *block_;

  // A new live process and its main agent (Running); returns the agent index.
  int addProcessWithAgent(int parent) {
    const int process = createProcess(cb_, parent);
    EXPECT_GE(process, 0);
    cb_.processes[process].pid = 100 + process;
    return addThread(process);
  }

  // A new agent (thread) of an existing process; returns the agent index.
  int addThread(int process) {
    const int agent = createAgent(cb_, process, AgentState::Running);
    EXPECT_GE(agent, 0);
    return agent;
  }

  uint32_t addObject(ObjectFamily family, uint32_t flags, int home) {
    const auto index = static_cast<uint32_t>(cb_.objectCount++);
    ObjectRecord &o = cb_.objects[index];
    o = ObjectRecord{};
    o.family = family;
    o.flags = flags;
    o.homeProcess = home;
    o.whereModule = kNoModule;
    return index;
  }

  uint32_t addMutex(MutexType type, bool robust = false,
                    uint32_t flags = kObjectInitialised | kObjectShared | kObjectPshared,
                    int home = 0) {
    const uint32_t index = addObject(ObjectFamily::Mutex, flags, home);
    MutexState &m = cb_.objects[index].mutex;
    m.owner = -1;
    m.type = type;
    m.robust = robust ? 1 : 0;
    return index;
  }

  uint32_t addSemaphore(int64_t value,
                        uint32_t flags = kObjectInitialised | kObjectShared | kObjectPshared,
                        int home = 0) {
    const uint32_t index = addObject(ObjectFamily::Semaphore, flags, home);
    cb_.objects[index].sem.value = value;
    return index;
  }

  // Publishes agent's next operation and parks it, as performVisible does.
  void park(int agent, OpKind kind, uint32_t object = kNoObject, int32_t target = -1,
            uint32_t flags = 0, int64_t arg = 0) {
    AgentRecord &a = cb_.agents[agent];
    a.pending = PendingOp{};
    a.pending.kind = kind;
    a.pending.object = object;
    a.pending.target = target;
    a.pending.flags = flags;
    a.pending.arg = arg;
    a.pending.site = CallSite{kNoModule, 0, 0};
    a.state = AgentState::Parked;
  }

  uint8_t enabled(int agent) const { return enabledVariants(cb_, agent); }

  // Applies agent's parked operation with the variant and lets the agent run again. Counts a
  // step, as the scheduler does before the operation is applied.
  Outcome perform(int agent, uint8_t variant = 0) {
    ++cb_.stepCount;
    const Outcome outcome = apply(cb_, agent, variant);
    if (cb_.agents[agent].state == AgentState::Parked)
      cb_.agents[agent].state = AgentState::Running;
    return outcome;
  }

  // Parks agent on the operation and performs it at once.
  Outcome run(int agent, OpKind kind, uint32_t object = kNoObject, int32_t target = -1,
              uint32_t flags = 0, int64_t arg = 0, uint8_t variant = 0) {
    park(agent, kind, object, target, flags, arg);
    return perform(agent, variant);
  }

  std::string verdictMessage() const { return cb_.verdict.message; }
};

} // namespace lockstep::models::testing
