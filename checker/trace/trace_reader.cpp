// Validation of the control block and construction of the Execution (see trace_reader.h).
#include "trace/trace_reader.h"

#include "trace/race_reader.h"

#include "lockstep/models/model.h"
#include "lockstep/models/operations.h"
#include "lockstep/models/wait_graph.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <sys/wait.h>

namespace lockstep::checker {

using namespace protocol;

namespace {

[[noreturn]] void corrupt(const std::string &what) {
  throw std::runtime_error("the control block is corrupted (did the program write over it?): " +
                           what);
}

std::string boundedString(const char *text, size_t size) { return {text, strnlen(text, size)}; }

void checkCounts(const ControlBlock &cb) {
  if (cb.magic != kMagic || cb.version != kProtocolVersion)
    corrupt("bad magic or version");
  if (cb.agentCount < 0 || cb.agentCount > kMaxAgents || cb.processCount < 0 ||
      cb.processCount > kMaxProcesses || cb.objectCount < 0 || cb.objectCount > kMaxObjects ||
      cb.moduleCount < 0 || cb.moduleCount > kMaxModules || cb.namedCount < 0 ||
      cb.namedCount > kMaxNamed || cb.descriptionCount < 0 ||
      cb.descriptionCount > kMaxDescriptions || cb.descriptorCount < 0 ||
      cb.descriptorCount > kMaxDescriptors)
    corrupt("a table count is out of range");
  if (cb.stepCount > cb.capacity)
    corrupt("the step count exceeds the trace capacity");
  for (int i = 0; i < cb.agentCount; ++i) {
    const AgentRecord &a = cb.agents[i];
    if (a.process < 0 || a.process >= cb.processCount)
      corrupt("agent " + std::to_string(i) + " names no process");
    if (a.killedPending > 1)
      corrupt("agent " + std::to_string(i) + " has an invalid killed flag");
    // A parked agent's operation, or the one a kill stopped, is read back as a pending step.
    const bool hasPending = a.state == AgentState::Parked || a.killedPending == 1;
    if (hasPending && !models::isValidOp(static_cast<uint16_t>(a.pending.kind)))
      corrupt("agent " + std::to_string(i) + " has an invalid pending operation");
    if (hasPending && a.pending.object != kNoObject &&
        a.pending.object >= static_cast<uint32_t>(cb.objectCount))
      corrupt("agent " + std::to_string(i) + " waits on an unknown object");
    if (hasPending && a.pending.object == kNoObject) {
      const ObjectFamily family = models::opFamily(a.pending.kind);
      if (family == ObjectFamily::Mutex || family == ObjectFamily::Semaphore)
        corrupt("agent " + std::to_string(i) + " waits on no object");
    }
    if (hasPending && a.pending.kind == OpKind::thread_join &&
        (a.pending.target < 0 || a.pending.target >= cb.agentCount))
      corrupt("agent " + std::to_string(i) + " joins an unknown thread");
  }
  if (cb.semUndo.count > kMaxSemUndo || cb.sysvMessages.count > kMaxSysvMessages) // issue 5
    corrupt("the System V tables overflow");
  if (cb.epoll.count > static_cast<uint32_t>(kMaxEpollEntries)) // issue 5 item 5
    corrupt("the epoll interest table overflows");
  if (cb.datagrams.count > static_cast<uint32_t>(kMaxDatagrams)) // SOCK_DGRAM socket pairs
    corrupt("the datagram table overflows");
  for (int i = 0; i < cb.processCount; ++i) {
    if (cb.processes[i].parent < -1 || cb.processes[i].parent >= cb.processCount)
      corrupt("process " + std::to_string(i) + " has an unknown parent");
  }
  for (int i = 0; i < cb.objectCount; ++i) {
    const ObjectRecord &o = cb.objects[i];
    if (o.family == ObjectFamily::Mutex && (o.mutex.owner < -1 || o.mutex.owner >= cb.agentCount))
      corrupt("mutex#" + std::to_string(i) + " has an unknown owner");
    if (o.family == ObjectFamily::MessageQueue && // issue 5
        (o.mq.count < 0 || o.mq.maxMessages < 0 || o.mq.count > o.mq.maxMessages))
      corrupt("mq#" + std::to_string(i) + " holds an impossible number of messages");
    if (o.family == ObjectFamily::SysvSemaphore && o.sysvSem.count > kMaxSysvSems) // issue 5
      corrupt("semset#" + std::to_string(i) + " has too many semaphores");
  }
}

Step readStep(const ControlBlock &cb, const StepRecord &r, uint32_t index) {
  const std::string where = "step " + std::to_string(index + 1);
  if (r.agent >= cb.agentCount)
    corrupt(where + " names an unknown agent");
  if (!models::isValidOp(static_cast<uint16_t>(r.op)))
    corrupt(where + " has an invalid operation");
  if (r.object != kNoObject && r.object >= static_cast<uint32_t>(cb.objectCount))
    corrupt(where + " names an unknown object");
  if (r.variant >= kMaxVariants)
    corrupt(where + " has an invalid variant");
  if (r.site.module != kNoModule && r.site.module >= cb.moduleCount)
    corrupt(where + " names an unknown module");
  Step s;
  s.agent = r.agent;
  s.variant = r.variant;
  s.variants = r.variants;
  s.op = r.op;
  s.object = r.object;
  s.target = r.target;
  s.flags = r.flags;
  s.enabled = r.enabled;
  s.result = r.result;
  s.site = r.site;
  return s;
}

ObjectInfo readObject(const ControlBlock &cb, int index) {
  const ObjectRecord &o = cb.objects[index];
  ObjectInfo info;
  info.name = std::string(models::familyName(o.family)) + "#" + std::to_string(index);
  const std::string where = boundedString(o.where, sizeof o.where);
  if ((o.flags & kObjectShared) != 0) {
    char offset[32];
    snprintf(offset, sizeof offset, "+0x%llx", static_cast<unsigned long long>(o.whereOffset));
    info.where = where + offset;
  } else if (o.whereModule != kNoModule && o.whereModule < cb.moduleCount) {
    info.whereModule = o.whereModule;
    info.whereOffset = o.whereOffset;
  } else {
    info.where = where;
  }
  return info;
}

const char *verdictName(VerdictKind kind) {
  switch (kind) {
  case VerdictKind::Deadlock:
    return "deadlock";
  case VerdictKind::Assertion:
    return "assertion";
  case VerdictKind::Crash:
    return "crash";
  case VerdictKind::Misuse:
    return "misuse";
  case VerdictKind::Livelock:
    return "livelock";
  case VerdictKind::Divergence:
    return "divergence";
  case VerdictKind::Unsupported:
    return "unsupported";
  case VerdictKind::Internal:
    return "internal";
  case VerdictKind::None:
    break;
  }
  return "none";
}

void explainDeadlock(const ControlBlock &cb, Bug &bug) {
  for (int i = 0; i < cb.agentCount; ++i) {
    if (cb.agents[i].state == AgentState::Parked)
      bug.details.push_back(models::describeWait(cb, i).text);
  }
  const std::vector<int> cycle = models::findWaitCycle(cb);
  if (!cycle.empty()) {
    std::string text = "wait-for cycle: ";
    for (int agent : cycle) {
      char name[16];
      models::agentName(cb, agent, name, sizeof name);
      text += std::string(name) + " -> ";
    }
    char first[16];
    models::agentName(cb, cycle.front(), first, sizeof first);
    bug.details.push_back(text + first);
  }
  bug.message = cycle.empty() ? "no process or thread can make progress"
                              : "processes wait for each other in a cycle";
}

std::optional<Bug> verdictBug(const ControlBlock &cb) {
  const Verdict &v = cb.verdict;
  if (v.kind == VerdictKind::None)
    return std::nullopt;
  if (static_cast<uint32_t>(v.kind) > static_cast<uint32_t>(VerdictKind::Internal))
    corrupt("invalid verdict kind");
  Bug bug;
  bug.kind = verdictName(v.kind);
  bug.message = boundedString(v.message, sizeof v.message);
  bug.step = std::min<size_t>(v.step, cb.stepCount);
  bug.agent = v.agent >= 0 && v.agent < cb.agentCount ? v.agent : -1;
  if (v.site.module == kNoModule || v.site.module < cb.moduleCount)
    bug.site = v.site;
  if (v.kind == VerdictKind::Deadlock)
    explainDeadlock(cb, bug);
  return bug;
}

std::optional<Bug> exitCodeBug(const ControlBlock &cb, const std::vector<Step> &steps,
                               const std::vector<std::string> &agentNames,
                               const ExitCodePolicy &policy) {
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step &s = steps[i];
    if (s.op != OpKind::process_exit || s.target < 0 || s.target >= cb.processCount)
      continue;
    const int status = cb.processes[s.target].exitStatus;
    if (!WIFEXITED(status) || WEXITSTATUS(status) == 0)
      continue;
    const int code = WEXITSTATUS(status);
    if (std::find(policy.allowed.begin(), policy.allowed.end(), code) != policy.allowed.end())
      continue;
    Bug bug;
    bug.kind = "exit-code";
    bug.message = agentNames[s.agent] + " exited with status " + std::to_string(code);
    bug.step = i + 1;
    bug.agent = s.agent;
    bug.site = s.site;
    return bug;
  }
  return std::nullopt;
}

} // namespace

Execution readExecution(const ControlBlock &cb, const StepRecord *trace,
                        const ExitCodePolicy &exits) {
  checkCounts(cb);
  Execution e;
  for (int i = 0; i < cb.agentCount; ++i) {
    char name[16];
    models::agentName(cb, i, name, sizeof name);
    e.agentNames.emplace_back(name);
    e.agentProcess.push_back(cb.agents[i].process);
  }
  for (int i = 0; i < cb.processCount; ++i) {
    const int32_t parent = cb.processes[i].parent;
    e.processParent.push_back(parent >= -1 && parent < cb.processCount ? parent : -1);
  }
  for (int i = 0; i < cb.objectCount; ++i)
    e.objects.push_back(readObject(cb, i));
  for (int i = 0; i < cb.moduleCount; ++i)
    e.modules.push_back(boundedString(cb.modules[i].path, kPathSize));
  e.steps.reserve(cb.stepCount);
  for (uint32_t i = 0; i < cb.stepCount; ++i)
    e.steps.push_back(readStep(cb, trace[i], i));
  for (int i = 0; i < cb.agentCount; ++i) {
    const AgentRecord &a = cb.agents[i];
    if (a.state == AgentState::Parked || a.killedPending == 1)
      e.pending.push_back(
          {i, a.pending.kind, a.pending.object, a.pending.target, a.killedPending == 1});
  }
  e.finished = cb.state == ExecutionState::Finished;
  if (cb.sleepBlocked > 1)
    corrupt("invalid sleep-blocked flag");
  e.sleepBlocked = cb.sleepBlocked == 1 && cb.state == ExecutionState::Stopped &&
                   cb.verdict.kind == VerdictKind::None;

  e.races = readRaces(cb, e.agentNames);
  std::optional<Bug> verdict = verdictBug(cb);
  if (verdict && (verdict->kind == "unsupported" || verdict->kind == "internal")) {
    e.error = verdict;
    return e;
  }
  std::optional<Bug> exitBug = exitCodeBug(cb, e.steps, e.agentNames, exits);
  if (exitBug && (!verdict || exitBug->step <= verdict->step))
    e.bug = exitBug;
  else
    e.bug = verdict;
  return e;
}

} // namespace lockstep::checker
