// Data races from the control block (see race_reader.h). Each record becomes a `data-race` bug:
// the message names both accesses (kind, size, agent, function, file:line) and the location
// (mapping and offset); `key` is the unordered pair of code locations, so the same race found
// again (another byte, another execution) is reported once per run.
#include "trace/race_reader.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace lockstep::checker {

using namespace protocol;

namespace {

std::string bounded(const char *text, size_t size) { return {text, strnlen(text, size)}; }

std::string baseName(const std::string &path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string where(const RaceAccess &a, bool full) {
  std::string file = bounded(a.file, sizeof a.file);
  if (file.empty())
    return "an unknown location";
  if (!full)
    file = baseName(file);
  if (a.line != 0)
    file += ":" + std::to_string(a.line);
  if (full && a.column != 0)
    file += ":" + std::to_string(a.column);
  return file;
}

std::string describe(const RaceAccess &a, const std::vector<std::string> &agentNames) {
  const std::string function = bounded(a.function, sizeof a.function);
  std::string text = std::string(a.atomic != 0 ? "atomic " : "") +
                     (a.write != 0 ? "write" : "read") + " of " + std::to_string(a.size) +
                     (a.size == 1 ? " byte" : " bytes") + " by " + agentNames[a.agent];
  if (!function.empty())
    text += " in " + function;
  return text + " at " + where(a, true);
}

void check(bool ok, const char *what) {
  if (!ok)
    throw std::runtime_error(
        std::string("the control block is corrupted (did the program write over it?): ") + what);
}

} // namespace

std::vector<Bug> readRaces(const ControlBlock &cb, const std::vector<std::string> &agentNames) {
  std::vector<Bug> races;
  const RaceTable &t = cb.races;
  check(t.count <= static_cast<uint32_t>(kMaxRaces), "invalid race count");
  for (uint32_t i = 0; i < t.count; ++i) {
    const RaceRecord &r = t.records[i];
    for (const RaceAccess *a : {&r.first, &r.second})
      check(a->agent >= 0 && static_cast<size_t>(a->agent) < agentNames.size() && a->write <= 1 &&
                a->atomic <= 1,
            "invalid race access");
    check(r.shared <= 1, "invalid race location");
    Bug bug;
    bug.kind = "data-race";
    bug.step = std::min<size_t>(r.step, cb.stepCount);
    bug.agent = r.second.agent;
    const std::string mapping = bounded(r.mapping, sizeof r.mapping);
    char offset[32];
    snprintf(offset, sizeof offset, "+0x%llx", static_cast<unsigned long long>(r.offset));
    std::string location;
    if (r.shared != 0) {
      location = (mapping.empty() ? "a shared mapping" : mapping) + offset;
      bug.dataShared = true;
      bug.dataMapping = mapping;
      bug.dataOffset = r.offset;
    } else if (r.whereModule != kNoModule && r.whereModule < cb.moduleCount) {
      bug.dataModule = r.whereModule;
      bug.dataOffset = r.offset;
      location = "private memory of P" + std::to_string(cb.agents[r.second.agent].process) + " (" +
                 baseName(mapping) + offset + ")";
    } else {
      bug.dataAddress = true;
      bug.dataOffset = r.offset;
      location =
          (mapping.empty() ? "private memory" : mapping) + " at 0x" + std::string(offset + 3);
    }
    bug.message = "data race on " + location + ": " + agentNames[r.first.agent] + " " +
                  (r.first.write != 0 ? "writes" : "reads") + " at " + where(r.first, false) +
                  ", " + agentNames[r.second.agent] + " " +
                  (r.second.write != 0 ? "writes" : "reads") + " at " + where(r.second, false) +
                  ", not ordered by happens-before";
    bug.details.push_back("first:  " + describe(r.first, agentNames));
    bug.details.push_back("second: " + describe(r.second, agentNames));
    bug.details.push_back("location: " + location);
    std::string a = where(r.first, true) + "#" + bounded(r.first.function, sizeof r.first.function);
    std::string b =
        where(r.second, true) + "#" + bounded(r.second.function, sizeof r.second.function);
    if (b < a)
      std::swap(a, b);
    bug.key = "data-race@" + a + "|" + b;
    races.push_back(std::move(bug));
  }
  if (t.dropped != 0 && !races.empty())
    races.back().details.push_back(std::to_string(t.dropped) +
                                   " more race(s) in this execution were not recorded");
  return races;
}

} // namespace lockstep::checker
