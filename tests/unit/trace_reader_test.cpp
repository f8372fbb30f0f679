// Reading an execution out of the control block (checker/trace/trace_reader.*): a valid block
// gives the exact steps, names and verdict; a block the program scribbled on gives a
// std::runtime_error saying the control block is corrupted, never a crash.
#include "trace/trace_reader.h"

#include "lockstep/models/family_models.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <sys/wait.h>

namespace lockstep::checker {
namespace {

using namespace protocol;

constexpr uint32_t kCapacity = 16;

// A control block with its plan and trace, laid out as ControlBlockFile does, holding a small
// finished execution: P0 forks P1, P1 locks and unlocks mutex#0 and exits, P0 waits.
class TraceReaderTest : public ::testing::Test {
protected:
  void SetUp() override {
    const Layout layout = layoutFor(kCapacity);
    memory_ = std::make_unique<uint64_t[]>(layout.totalSize / sizeof(uint64_t) + 1);
    std::memset(memory_.get(), 0, layout.totalSize);
    cb_ = reinterpret_cast<ControlBlock *>(memory_.get());
    cb_->magic = kMagic;
    cb_->version = kProtocolVersion;
    cb_->totalSize = layout.totalSize;
    cb_->capacity = kCapacity;
    cb_->planOffset = layout.planOffset;
    cb_->traceOffset = layout.traceOffset;
    cb_->maxSteps = kCapacity;

    models::createProcess(*cb_, -1);
    models::createAgent(*cb_, 0, AgentState::Running);
    models::createProcess(*cb_, 0);
    models::createAgent(*cb_, 1, AgentState::Running);
    cb_->objectCount = 1;
    ObjectRecord &m = cb_->objects[0];
    m.family = ObjectFamily::Mutex;
    m.flags = kObjectShared | kObjectPshared | kObjectInitialised;
    m.whereModule = kNoModule;
    m.whereOffset = 0x40;
    std::strcpy(m.where, "anonymous shared mapping");
    m.mutex.owner = -1;
    cb_->moduleCount = 1;
    std::strcpy(cb_->modules[0].path, "/bin/prog");

    addStep(0, OpKind::process_fork, kNoObject, -1, 0b01);
    addStep(1, OpKind::mutex_lock, 0, -1, 0b11);
    addStep(1, OpKind::mutex_unlock, 0, -1, 0b10);
    addStep(1, OpKind::process_exit, kNoObject, 1, 0b11);
    addStep(0, OpKind::process_wait, kNoObject, -1, 0b01, /*result=*/1);
    cb_->processes[1].state = ProcessState::Reaped;
    cb_->agents[0].state = AgentState::Exited;
    cb_->agents[1].state = AgentState::Exited;
    cb_->state = ExecutionState::Finished;
  }

  StepRecord &addStep(int agent, OpKind op, uint32_t object, int32_t target, uint64_t enabled,
                      int64_t result = 0) {
    StepRecord &s = traceOf(cb_)[cb_->stepCount++];
    s = StepRecord{};
    s.agent = static_cast<uint16_t>(agent);
    s.op = op;
    s.object = object;
    s.target = target;
    s.enabled = enabled;
    s.variants = 1;
    s.result = result;
    s.site = CallSite{kNoModule, 0, 0};
    return s;
  }

  Execution read(const ExitCodePolicy &exits = {}) const {
    return readExecution(*cb_, traceOf(cb_), exits);
  }

  void expectCorrupt(const std::string &what) const {
    try {
      read();
      ADD_FAILURE() << "accepted a corrupted block (" << what << ")";
    } catch (const std::runtime_error &e) {
      EXPECT_EQ(std::string(e.what()),
                "the control block is corrupted (did the program write over it?): " + what);
    }
  }

  std::unique_ptr<uint64_t[]> memory_;
  ControlBlock *cb_ = nullptr;
};

TEST_F(TraceReaderTest, ValidBlockIsReadExactly) {
  const Execution e = read();
  EXPECT_TRUE(e.finished);
  EXPECT_FALSE(e.bug.has_value());
  EXPECT_FALSE(e.error.has_value());
  EXPECT_EQ(e.agentNames, (std::vector<std::string>{"P0", "P1"}));
  ASSERT_EQ(e.objects.size(), 1U);
  EXPECT_EQ(e.objects[0].name, "mutex#0");
  EXPECT_EQ(e.objects[0].where, "anonymous shared mapping+0x40");
  EXPECT_EQ(e.modules, (std::vector<std::string>{"/bin/prog"}));
  ASSERT_EQ(e.steps.size(), 5U);
  EXPECT_EQ(e.steps[1].agent, 1);
  EXPECT_EQ(e.steps[1].op, OpKind::mutex_lock);
  EXPECT_EQ(e.steps[1].object, 0U);
  EXPECT_EQ(e.steps[1].enabled, 0b11U);
  EXPECT_EQ(e.steps[4].result, 1);
  EXPECT_EQ(e.steps[3].target, 1);
}

TEST_F(TraceReaderTest, VerdictBecomesABug) {
  cb_->verdict.kind = VerdictKind::Misuse;
  cb_->verdict.agent = 1;
  cb_->verdict.step = 3;
  cb_->verdict.site = CallSite{kNoModule, 0, 0};
  std::strcpy(cb_->verdict.message, "P1 unlocks mutex#0, which it does not hold (held by P0)");
  const Execution e = read();
  ASSERT_TRUE(e.bug.has_value());
  EXPECT_EQ(e.bug->kind, "misuse");
  EXPECT_EQ(e.bug->message, "P1 unlocks mutex#0, which it does not hold (held by P0)");
  EXPECT_EQ(e.bug->step, 3U);
  EXPECT_EQ(e.bug->agent, 1);
}

TEST_F(TraceReaderTest, NonZeroExitIsABugUnlessAllowed) {
  cb_->processes[1].exitStatus = 4 << 8;
  const Execution e = read();
  ASSERT_TRUE(e.bug.has_value());
  EXPECT_EQ(e.bug->kind, "exit-code");
  EXPECT_EQ(e.bug->message, "P1 exited with status 4");
  EXPECT_EQ(e.bug->step, 4U);
  EXPECT_FALSE(read(ExitCodePolicy{{4}}).bug.has_value());
}

TEST_F(TraceReaderTest, DeadlockVerdictIsExplainedWithTheCycle) {
  cb_->objectCount = 2;
  cb_->objects[1] = cb_->objects[0];
  cb_->objects[0].mutex.owner = 0;
  cb_->objects[1].mutex.owner = 1;
  cb_->agents[0].state = AgentState::Parked;
  cb_->agents[0].pending.kind = OpKind::mutex_lock;
  cb_->agents[0].pending.object = 1;
  cb_->agents[1].state = AgentState::Parked;
  cb_->agents[1].pending.kind = OpKind::mutex_lock;
  cb_->agents[1].pending.object = 0;
  cb_->processes[1].state = ProcessState::Live;
  cb_->stepCount = 3;
  cb_->state = ExecutionState::Stopped;
  cb_->verdict.kind = VerdictKind::Deadlock;
  cb_->verdict.agent = -1;
  cb_->verdict.step = 3;
  cb_->verdict.site = CallSite{kNoModule, 0, 0};
  const Execution e = read();
  ASSERT_TRUE(e.bug.has_value());
  EXPECT_EQ(e.bug->kind, "deadlock");
  EXPECT_EQ(e.bug->message, "processes wait for each other in a cycle");
  EXPECT_EQ(e.bug->details,
            (std::vector<std::string>{"P0 waits in mutex_lock on mutex#1, held by P1",
                                      "P1 waits in mutex_lock on mutex#0, held by P0",
                                      "wait-for cycle: P0 -> P1 -> P0"}));
  EXPECT_FALSE(e.finished);
}

TEST_F(TraceReaderTest, BadMagicOrVersion) {
  cb_->magic = 0;
  expectCorrupt("bad magic or version");
  cb_->magic = kMagic;
  cb_->version = kProtocolVersion + 1;
  expectCorrupt("bad magic or version");
}

TEST_F(TraceReaderTest, AgentCountOutOfRange) {
  for (int count : {-1, kMaxAgents + 1, 1 << 30}) {
    cb_->agentCount = count;
    expectCorrupt("a table count is out of range");
  }
}

TEST_F(TraceReaderTest, OtherCountsOutOfRange) {
  cb_->processCount = kMaxProcesses + 1;
  expectCorrupt("a table count is out of range");
  cb_->processCount = 2;
  cb_->objectCount = -3;
  expectCorrupt("a table count is out of range");
  cb_->objectCount = 1;
  cb_->moduleCount = kMaxModules + 1;
  expectCorrupt("a table count is out of range");
  cb_->moduleCount = 1;
  cb_->namedCount = kMaxNamed + 1;
  expectCorrupt("a table count is out of range");
}

TEST_F(TraceReaderTest, StepCountBeyondCapacity) {
  cb_->stepCount = kCapacity + 1;
  expectCorrupt("the step count exceeds the trace capacity");
}

TEST_F(TraceReaderTest, AgentNamingNoProcess) {
  cb_->agents[1].process = 2;
  expectCorrupt("agent 1 names no process");
  cb_->agents[1].process = -1;
  expectCorrupt("agent 1 names no process");
}

TEST_F(TraceReaderTest, ParkedAgentWithInvalidPendingOperation) {
  cb_->agents[1].state = AgentState::Parked;
  cb_->agents[1].pending.kind = static_cast<OpKind>(kOpCount);
  cb_->agents[1].pending.object = kNoObject;
  expectCorrupt("agent 1 has an invalid pending operation");
  cb_->agents[1].pending.kind = OpKind::mutex_lock;
  cb_->agents[1].pending.object = 1;
  expectCorrupt("agent 1 waits on an unknown object");
}

TEST_F(TraceReaderTest, StepNamingAnUnknownAgent) {
  traceOf(cb_)[2].agent = 2;
  expectCorrupt("step 3 names an unknown agent");
  traceOf(cb_)[2].agent = 0xffff;
  expectCorrupt("step 3 names an unknown agent");
}

TEST_F(TraceReaderTest, StepNamingAnUnknownObject) {
  traceOf(cb_)[1].object = 1;
  expectCorrupt("step 2 names an unknown object");
  traceOf(cb_)[1].object = 0x7fffffff;
  expectCorrupt("step 2 names an unknown object");
}

TEST_F(TraceReaderTest, StepWithAnInvalidOperation) {
  traceOf(cb_)[0].op = static_cast<OpKind>(kOpCount);
  expectCorrupt("step 1 has an invalid operation");
  traceOf(cb_)[0].op = static_cast<OpKind>(0xffff);
  expectCorrupt("step 1 has an invalid operation");
}

TEST_F(TraceReaderTest, StepWithAnInvalidVariantOrModule) {
  traceOf(cb_)[4].variant = kMaxVariants;
  expectCorrupt("step 5 has an invalid variant");
  traceOf(cb_)[4].variant = 0;
  traceOf(cb_)[4].site.module = 1;
  expectCorrupt("step 5 names an unknown module");
}

TEST_F(TraceReaderTest, InvalidVerdictKind) {
  cb_->verdict.kind = static_cast<VerdictKind>(static_cast<uint32_t>(VerdictKind::Internal) + 1);
  expectCorrupt("invalid verdict kind");
  cb_->verdict.kind = static_cast<VerdictKind>(0xffffffffU);
  expectCorrupt("invalid verdict kind");
}

TEST_F(TraceReaderTest, UnterminatedStringsAreBounded) {
  std::memset(cb_->modules[0].path, 'x', kPathSize);
  std::memset(cb_->objects[0].where, 'y', kWhereSize);
  cb_->verdict.kind = VerdictKind::Assertion;
  cb_->verdict.agent = 1000; // out of range: no agent
  cb_->verdict.step = 1000;  // beyond the trace: clamped
  cb_->verdict.site = CallSite{kNoModule, 0, 0};
  std::memset(cb_->verdict.message, 'z', kMessageSize);
  const Execution e = read();
  EXPECT_EQ(e.modules[0], std::string(kPathSize, 'x'));
  EXPECT_EQ(e.objects[0].where, std::string(kWhereSize, 'y') + "+0x40");
  ASSERT_TRUE(e.bug.has_value());
  EXPECT_EQ(e.bug->message, std::string(kMessageSize, 'z'));
  EXPECT_EQ(e.bug->agent, -1);
  EXPECT_EQ(e.bug->step, 5U);
}

// A deadlock verdict is explained from the models' state (mutex owners, join targets, the
// objects parked agents wait on), which the program may also have scribbled on.
class CorruptedDeadlockTest : public TraceReaderTest {
protected:
  void SetUp() override {
    TraceReaderTest::SetUp();
    cb_->state = ExecutionState::Stopped;
    cb_->verdict.kind = VerdictKind::Deadlock;
    cb_->verdict.agent = -1;
    cb_->verdict.site = CallSite{kNoModule, 0, 0};
    cb_->agents[1].state = AgentState::Parked;
    cb_->agents[1].pending = PendingOp{};
    cb_->agents[1].pending.site = CallSite{kNoModule, 0, 0};
  }
};

TEST_F(CorruptedDeadlockTest, MutexOwnerOutOfRange) {
  cb_->agents[1].pending.kind = OpKind::mutex_lock;
  cb_->agents[1].pending.object = 0;
  cb_->objects[0].mutex.owner = 1000;
  EXPECT_THROW(read(), std::runtime_error);
}

TEST_F(CorruptedDeadlockTest, MutexLockOnNoObject) {
  cb_->agents[1].pending.kind = OpKind::mutex_lock;
  cb_->agents[1].pending.object = kNoObject;
  EXPECT_THROW(read(), std::runtime_error);
}

TEST_F(CorruptedDeadlockTest, JoinTargetOutOfRange) {
  cb_->agents[1].pending.kind = OpKind::thread_join;
  cb_->agents[1].pending.target = 200;
  EXPECT_THROW(read(), std::runtime_error);
}

} // namespace
} // namespace lockstep::checker
