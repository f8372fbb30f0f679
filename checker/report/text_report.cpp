// Terminal report (see text_report.h).
#include "report/text_report.h"

#include "lockstep/models/operations.h"

#include <cstring>

namespace lockstep::checker {

using protocol::OpKind;

namespace {

constexpr size_t kMaxLanes = 16;

std::string resultText(const Execution &e, const Step &s) {
  switch (s.op) {
  case OpKind::process_fork:
    return s.target >= 0 ? "-> P" + std::to_string(s.target) : "";
  case OpKind::thread_create:
    return s.target >= 0 && s.target < static_cast<int>(e.agentNames.size())
               ? "-> " + e.agentNames[s.target]
               : "";
  case OpKind::process_wait:
    return s.result >= 0 ? "reaped P" + std::to_string(s.result)
                         : (s.result == -1 ? "nothing yet" : "ECHILD");
  case OpKind::thread_join:
  case OpKind::thread_detach:
    return s.target >= 0 && s.target < static_cast<int>(e.agentNames.size())
               ? e.agentNames[s.target]
               : "";
  case OpKind::mutex_lock:
  case OpKind::mutex_trylock:
  case OpKind::mutex_unlock:
  case OpKind::mutex_init:
  case OpKind::mutex_destroy:
  case OpKind::mutex_consistent:
    return s.result != 0 ? std::string("-> ") + strerrorname_np(static_cast<int>(s.result)) : "";
  case OpKind::sem_trywait:
  case OpKind::sem_timedwait:
  case OpKind::sem_wait:
  case OpKind::sem_post:
    return s.result < 0 ? std::string("-> ") + strerrorname_np(static_cast<int>(-s.result)) : "";
  case OpKind::sem_getvalue:
    return "-> " + std::to_string(s.result);
  default:
    return "";
  }
}

} // namespace

std::string describeObject(const Execution &e, uint32_t object, Symbolizer &symbols) {
  if (object == protocol::kNoObject || object >= e.objects.size())
    return "";
  const ObjectInfo &o = e.objects[object];
  if (o.whereModule != protocol::kNoModule) {
    const std::string name = symbols.describeData(e.modules, o.whereModule, o.whereOffset);
    return name.empty() ? o.name : o.name + " `" + name + "`";
  }
  return o.where.empty() ? o.name : o.name + " (" + o.where + ")";
}

namespace {

// One step's line without its number: the lanes, the operation, the call site.
std::string stepLine(const Execution &e, const Step &s, size_t lanes, Symbolizer &symbols) {
  std::string line;
  char lane[8];
  for (size_t a = 0; a < lanes; ++a) {
    snprintf(lane, sizeof lane, "%-6s", static_cast<size_t>(s.agent) == a ? "*" : "|");
    line += lane;
  }
  std::string text = e.agentNames[s.agent] + " " + models::opName(s.op);
  const std::string object = describeObject(e, s.object, symbols);
  if (!object.empty())
    text += " " + object;
  const std::string result = resultText(e, s);
  if (!result.empty())
    text += " " + result;
  if (s.variants != 1 && s.variants != 0)
    text += s.variant == 1 ? " [timed out]" : " [variant " + std::to_string(s.variant) + "]";
  if (text.size() < 56)
    text.resize(56, ' ');
  const std::string site = symbols.describeSite(e.modules, s.site);
  return line + text + (site.empty() ? " " : " at " + site);
}

} // namespace

// A run of identical steps (a loop of posts, of polls) is printed as its first step and one line
// saying how often it repeats, so that a long execution stays readable.
void printInterleaving(FILE *out, const Execution &e, size_t steps, Symbolizer &symbols) {
  const size_t lanes = std::min(e.agentNames.size(), kMaxLanes);
  fprintf(out, "Interleaving (%zu steps):\n  step ", steps);
  for (size_t a = 0; a < lanes; ++a)
    fprintf(out, "%-6s", e.agentNames[a].c_str());
  fputc('\n', out);
  const size_t shown = std::min(steps, e.steps.size());
  std::string run;     // the line of the current run of identical steps
  size_t runStart = 0; // its first step's index
  size_t runLength = 0;
  auto printRun = [&] {
    if (runLength == 0)
      return;
    fprintf(out, "  %4zu %s\n", runStart + 1, run.c_str());
    if (runLength == 2)
      fprintf(out, "  %4zu %s\n", runStart + 2, run.c_str());
    else if (runLength > 2)
      fprintf(out, "  %4zu-%zu: the same step %zu more times\n", runStart + 2, runStart + runLength,
              runLength - 1);
  };
  for (size_t i = 0; i < shown; ++i) {
    std::string line = stepLine(e, e.steps[i], lanes, symbols);
    if (runLength > 0 && line == run) {
      ++runLength;
      continue;
    }
    printRun();
    run = std::move(line);
    runStart = i;
    runLength = 1;
  }
  printRun();
}

void printBug(FILE *out, const Bug &bug, const Execution &e, Symbolizer &symbols,
              const std::string &header) {
  fprintf(out, "%s\n", header.c_str());
  fprintf(out, "  %s\n", bug.message.c_str());
  for (const std::string &line : bug.details)
    fprintf(out, "    %s\n", line.c_str());
  const std::string site = symbols.describeSite(e.modules, bug.site);
  if (!site.empty())
    fprintf(out, "  at %s\n", site.c_str());
  fputc('\n', out);
  printInterleaving(out, e, bug.step, symbols);
}

} // namespace lockstep::checker
