// Builds the wait-for graph of the blocked agents from the models' state, for deadlock reports.
#include "lockstep/models/wait_graph.h"
#include "lockstep/models/family_models.h"
#include "lockstep/models/object_rules.h"
#include "lockstep/models/operations.h"

namespace lockstep::models {
namespace {

std::string nameOf(const ControlBlock &cb, int agent) {
  char buf[16];
  agentName(cb, agent, buf, sizeof buf);
  return buf;
}

std::string objectName(const ControlBlock &cb, uint32_t object) {
  if (object >= static_cast<uint32_t>(cb.objectCount))
    return "?";
  return std::string(familyName(cb.objects[object].family)) + "#" + std::to_string(object);
}

uint64_t liveAgentsOfChildren(const ControlBlock &cb, int parent, int32_t target) {
  uint64_t mask = 0;
  for (int i = 0; i < cb.agentCount; ++i) {
    const int p = cb.agents[i].process;
    if (cb.processes[p].parent == parent && (target < 0 || target == p) && !agentGone(cb, i))
      mask |= uint64_t{1} << i;
  }
  return mask;
}

// The processes (as agents) that hold a descriptor of object with the given access (and, for a
// socket pair, of the end other than `notSide`, a kDescriptionSide1 value or ~0U for any).
uint64_t agentsHolding(const ControlBlock &cb, uint32_t object, uint32_t access, std::string &who,
                       uint32_t notSide = ~0U) {
  uint64_t processes = 0;
  for (int i = 0; i < cb.descriptorCount && i < kMaxDescriptors; ++i) {
    const DescriptorRecord &e = cb.descriptors[i];
    if (e.process < 0 || e.process >= kMaxProcesses || e.description >= kMaxDescriptions)
      continue;
    const FileDescriptionRecord &d = cb.descriptions[e.description];
    if (d.object == object && (d.access & access) != 0 &&
        (notSide == ~0U || (d.access & kDescriptionSide1) != notSide))
      processes |= uint64_t{1} << e.process;
  }
  uint64_t agents = 0;
  for (uint64_t rest = processes; rest != 0; rest &= rest - 1) {
    const int process = __builtin_ctzll(rest);
    who += (who.empty() ? "" : ", ") + std::string("P") + std::to_string(process);
    for (int i = 0; i < cb.agentCount; ++i) {
      if (cb.agents[i].process == process && !agentGone(cb, i))
        agents |= uint64_t{1} << i;
    }
  }
  return agents;
}

// A wait for a mutex: names it and its owner, who is waited for unless it exited holding it.
void waitForMutex(const ControlBlock &cb, uint32_t mutex, const char *preposition, WaitInfo &info) {
  const MutexState &m = cb.objects[mutex].mutex;
  info.text += preposition + objectName(cb, mutex);
  if (m.owner < 0)
    return;
  info.text += ", held by " + nameOf(cb, m.owner);
  if (agentGone(cb, m.owner))
    info.text += " (exited while holding it)";
  else
    info.waitsFor = uint64_t{1} << m.owner;
}

// A pipe read waits for data or EOF (every writer's descriptor closed), a write for room, a
// FIFO open for the other side.
void describePipeWait(const ControlBlock &cb, const PendingOp &op, WaitInfo &info) {
  if (op.object >= static_cast<uint32_t>(cb.objectCount))
    return;
  info.text += " on " + objectName(cb, op.object);
  std::string who;
  if (cb.objects[op.object].family == ObjectFamily::Socket) { // the other end of the pair
    const auto d = static_cast<uint32_t>(op.target);
    const uint32_t side = d < kMaxDescriptions ? cb.descriptions[d].access & kDescriptionSide1 : 0;
    info.waitsFor = agentsHolding(cb, op.object, kDescriptionRead | kDescriptionWrite, who, side);
    info.text += op.kind == OpKind::pipe_read ? " (nothing to read" : " (no room";
    info.text += "; the other end is still open in " + (who.empty() ? "?" : who) + ")";
    return;
  }
  const PipeState &p = cb.objects[op.object].pipe;
  if (op.kind == OpKind::pipe_read) {
    info.waitsFor = agentsHolding(cb, op.object, kDescriptionWrite, who);
    info.text += " (empty; its write end is still open in " + (who.empty() ? "?" : who) + ")";
  } else if (op.kind == OpKind::pipe_write) {
    info.waitsFor = agentsHolding(cb, op.object, kDescriptionRead, who);
    info.text += " (full: " + std::to_string(p.buffered) + " of " + std::to_string(p.capacity) +
                 " bytes; readers: " + (who.empty() ? "?" : who) + ")";
  } else {
    info.text += (op.flags & 1U) != 0 ? " (no writer opens it)" : " (no reader opens it)";
  }
}

} // namespace

WaitInfo describeWait(const ControlBlock &cb, int agent) {
  WaitInfo info;
  const AgentRecord &a = cb.agents[agent];
  const PendingOp &op = a.pending;
  info.text = nameOf(cb, agent) + " waits in " + opName(op.kind);
  switch (op.kind) {
  case OpKind::mutex_lock: {
    waitForMutex(cb, op.object, " on ", info);
    break;
  }
  case OpKind::cond_reacquire: {
    if ((cb.objects[op.object].cond.waiters & (uint64_t{1} << agent)) != 0) {
      info.text += " on " + objectName(cb, op.object) + " (not signalled)";
      break;
    }
    if (op.target < 0 || op.target >= cb.objectCount)
      break;
    waitForMutex(cb, static_cast<uint32_t>(op.target), " for ", info);
    break;
  }
  case OpKind::rwlock_rdlock:
  case OpKind::rwlock_wrlock: {
    const RwlockState &r = cb.objects[op.object].rwlock;
    info.text += " on " + objectName(cb, op.object);
    uint64_t holders = r.readerMask;
    if (r.writer >= 0)
      holders = uint64_t{1} << r.writer;
    else if (op.kind == OpKind::rwlock_rdlock) // behind waiting writers (writer-preferring kind)
      holders = (agentsParkedOn(cb, op.object, OpKind::rwlock_wrlock) |
                 agentsParkedOn(cb, op.object, OpKind::rwlock_timedwrlock)) &
                ~(uint64_t{1} << agent);
    std::string names;
    for (uint64_t rest = holders; rest != 0; rest &= rest - 1) {
      const int holder = __builtin_ctzll(rest);
      names += (names.empty() ? "" : ", ") + nameOf(cb, holder);
      if (agentGone(cb, holder))
        names += " (exited while holding it)";
      else
        info.waitsFor |= uint64_t{1} << holder;
    }
    if (r.writer >= 0)
      info.text += ", write-locked by " + names;
    else if (op.kind == OpKind::rwlock_rdlock)
      info.text += ", behind waiting writer " + names;
    else
      info.text += ", read-locked by " + names;
    break;
  }
  case OpKind::barrier_resume: {
    const BarrierState &b = cb.objects[op.object].barrier;
    info.text += " at " + objectName(cb, op.object) + " (" + std::to_string(b.arrived) + " of " +
                 std::to_string(b.count) + " arrived)";
    break;
  }
  case OpKind::sem_wait:
    info.text += " on " + objectName(cb, op.object) + " (value " +
                 std::to_string(cb.objects[op.object].sem.value) + ", no sem_post can come)";
    break;
  case OpKind::mq_send: // issue 5
  case OpKind::mq_receive:
    if (op.object < static_cast<uint32_t>(cb.objectCount))
      info.text += " on " + objectName(cb, op.object) + " (" +
                   std::to_string(cb.objects[op.object].mq.count) + " of " +
                   std::to_string(cb.objects[op.object].mq.maxMessages) + " messages queued)";
    break;
  case OpKind::sysv_semop: // issue 5
    info.text += " on " + objectName(cb, op.object);
    break;
  case OpKind::pipe_read:
  case OpKind::pipe_write:
  case OpKind::pipe_open_wait:
    describePipeWait(cb, op, info);
    break;
  case OpKind::socket_accept:
    if (op.object < static_cast<uint32_t>(cb.objectCount))
      info.text += " on " + objectName(cb, op.object) + " (no connection is queued)";
    break;
  case OpKind::socket_connect:
    if (op.object < static_cast<uint32_t>(cb.objectCount))
      info.text += " on " + objectName(cb, op.object) + " (the listener's backlog is full)";
    break;
  case OpKind::fd_poll:
    info.text += " (no watched descriptor is ready)";
    break;
  case OpKind::epoll_wait:
    if (op.object < static_cast<uint32_t>(cb.objectCount))
      info.text += " on " + objectName(cb, op.object) + " (no watched descriptor is ready)";
    break;
  case OpKind::thread_join:
    info.text += " for " + nameOf(cb, op.target);
    info.waitsFor = uint64_t{1} << op.target;
    break;
  case OpKind::process_wait:
    info.text += op.target < 0 ? " for any child" : " for P" + std::to_string(op.target);
    info.waitsFor = liveAgentsOfChildren(cb, a.process, op.target);
    break;
  default:
    break;
  }
  return info;
}

std::vector<int> findWaitCycle(const ControlBlock &cb) {
  const int n = cb.agentCount;
  std::vector<uint64_t> edges(n);
  for (int i = 0; i < n; ++i) {
    if (cb.agents[i].state == AgentState::Parked)
      edges[i] = describeWait(cb, i).waitsFor;
  }
  // Follow edges from each agent; a revisit on the current path closes a cycle.
  for (int start = 0; start < n; ++start) {
    std::vector<int> path{start};
    std::vector<int> onPath(n, -1);
    onPath[start] = 0;
    int current = start;
    while (edges[current] != 0) {
      const int next = __builtin_ctzll(edges[current]);
      if (onPath[next] >= 0)
        return {path.begin() + onPath[next], path.end()};
      onPath[next] = static_cast<int>(path.size());
      path.push_back(next);
      current = next;
    }
  }
  return {};
}

} // namespace lockstep::models
