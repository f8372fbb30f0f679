// Writing and reading schedule files (see schedule.h).
#include "report/schedule.h"

#include "engine/errors.h"
#include "engine/race_focus.h"
#include "lockstep/models/operations.h"

#include <climits>
#include <fstream>

namespace lockstep::checker {

using nlohmann::json;

ScheduleStep scheduleStepOf(const Execution &execution, size_t index) {
  const Step &s = execution.steps[index];
  ScheduleStep out;
  out.agentId = s.agent;
  out.agent = execution.agentNames[s.agent];
  out.op = models::opName(s.op);
  out.object = s.object != protocol::kNoObject ? execution.objects[s.object].name : "";
  out.variant = s.variant;
  return out;
}

Schedule scheduleOf(const FoundBug &found, const Program &program, const ExecutorOptions &options,
                    const std::string &strategy, const json &parameters) {
  Schedule s;
  s.program = program.path;
  s.arguments = program.arguments;
  s.binarySha256 = program.hash;
  s.strategy = strategy;
  s.strategyParameters = parameters;
  s.options = options;
  for (size_t i = 0; i < found.plan.size(); ++i)
    s.steps.push_back(scheduleStepOf(found.execution, i));
  s.bug = found.bug;
  return s;
}

json toJson(const Schedule &schedule, const Execution &execution, Symbolizer &symbols) {
  json steps = json::array();
  for (size_t i = 0; i < schedule.steps.size(); ++i) {
    const ScheduleStep &s = schedule.steps[i];
    json step = {{"agent", s.agent}, {"agent_id", s.agentId}, {"op", s.op}};
    if (!s.object.empty())
      step["object"] = s.object;
    if (s.variant != 0)
      step["variant"] = s.variant;
    if (i < execution.steps.size()) {
      const std::string site = symbols.describeSite(execution.modules, execution.steps[i].site);
      if (!site.empty())
        step["site"] = site;
    }
    steps.push_back(step);
  }
  json bug = {
      {"kind", schedule.bug.kind}, {"message", schedule.bug.message}, {"step", schedule.bug.step}};
  if (!schedule.bug.details.empty())
    bug["details"] = schedule.bug.details;
  json result = {
      {"format", kScheduleFormat},
      {"version", kScheduleVersion},
      {"program", schedule.program},
      {"arguments", schedule.arguments},
      {"binary_sha256", schedule.binarySha256},
      {"strategy", {{"name", schedule.strategy}, {"parameters", schedule.strategyParameters}}},
      {"options",
       {{"max_steps", schedule.options.maxSteps},
        {"step_timeout_ms", schedule.options.stepTimeout.count()},
        {"allow_exit_codes", schedule.options.exits.allowed}}},
      {"steps", steps},
      {"bug", bug},
  };
  if (schedule.options.spuriousWakeups) // written only when set: older schedules stay valid
    result["options"]["spurious_wakeups"] = true;
  if (schedule.options.shortIo)
    result["options"]["short_io"] = true;
  if (!schedule.options.focus.empty()) { // race focus (docs/schedule-format.md)
    json focus = json::array();
    for (const FocusLocation &f : schedule.options.focus) {
      json location = {{"mapping", f.mapping}, {"offset", f.offset}};
      if (f.kind != protocol::FocusKind::Shared) // written only when not shared
        location["kind"] = focusKindName(f.kind);
      focus.push_back(location);
    }
    result["options"]["race_focus"] = focus;
  }
  return result;
}

namespace {

[[noreturn]] void malformed(const std::string &path, const std::string &what) {
  throw UsageError("'" + path + "' is not a valid Lockstep schedule: " + what);
}

template <typename T>
T field(const json &object, const char *name, const std::string &path, const std::string &where) {
  if (!object.is_object() || !object.contains(name))
    malformed(path, where + " has no \"" + name + "\"");
  try {
    return object.at(name).get<T>();
  } catch (const json::exception &) {
    malformed(path, where + " has a \"" + name + "\" of the wrong type");
  }
}

// An integer field: rejects fractions, booleans and values outside [low, high].
int64_t integerField(const json &object, const char *name, const std::string &path,
                     const std::string &where, int64_t low, int64_t high) {
  const json value = field<json>(object, name, path, where);
  if (!value.is_number_integer())
    malformed(path, where + " has a \"" + name + "\" of the wrong type");
  const bool negative = value.is_number_unsigned() ? false : value.get<int64_t>() < 0;
  const std::string article =
      std::string("aeiou").find(name[0]) != std::string::npos ? "an " : "a ";
  const std::string outOfRange = where + " has " + article + name + " out of range";
  if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
    malformed(path, outOfRange);
  const int64_t v = value.get<int64_t>();
  if ((negative && v < low) || v < low || v > high)
    malformed(path, outOfRange);
  return v;
}

} // namespace

Schedule readSchedule(const std::string &path) {
  std::ifstream in(path);
  if (!in)
    throw UsageError("cannot open schedule '" + path + "'");
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::parse_error &e) {
    malformed(path, std::string("invalid JSON (") + e.what() + ")");
  }
  if (!doc.is_object() || !doc.contains("format") || doc["format"] != kScheduleFormat)
    malformed(path, "it has no \"format\": \"lockstep-schedule\"");
  const int64_t version = integerField(doc, "version", path, "the file", 0, INT32_MAX);
  if (version != kScheduleVersion)
    malformed(path, "format version " + std::to_string(version) + " is not the supported " +
                        std::to_string(kScheduleVersion));
  Schedule s;
  s.program = field<std::string>(doc, "program", path, "the file");
  s.arguments = field<std::vector<std::string>>(doc, "arguments", path, "the file");
  s.binarySha256 = field<std::string>(doc, "binary_sha256", path, "the file");
  const json strategy = field<json>(doc, "strategy", path, "the file");
  s.strategy = field<std::string>(strategy, "name", path, "\"strategy\"");
  const json options = field<json>(doc, "options", path, "the file");
  const int64_t maxSteps = integerField(options, "max_steps", path, "\"options\"", 1, 100000000);
  const int64_t timeout =
      integerField(options, "step_timeout_ms", path, "\"options\"", 1, INT32_MAX);
  if (maxSteps <= 0 || maxSteps > 100000000 || timeout <= 0)
    malformed(path, "\"options\" has an out-of-range value");
  s.options.maxSteps = static_cast<uint32_t>(maxSteps);
  s.options.stepTimeout = std::chrono::milliseconds(timeout);
  if (options.contains("spurious_wakeups")) {
    if (!options["spurious_wakeups"].is_boolean())
      malformed(path, "\"options\" has a \"spurious_wakeups\" of the wrong type");
    s.options.spuriousWakeups = options["spurious_wakeups"].get<bool>();
  }
  if (options.contains("short_io")) {
    if (!options["short_io"].is_boolean())
      malformed(path, "\"options\" has a \"short_io\" of the wrong type");
    s.options.shortIo = options["short_io"].get<bool>();
  }
  if (options.contains("race_focus")) {
    const json &focus = options["race_focus"];
    if (!focus.is_array() || focus.size() > static_cast<size_t>(protocol::kMaxFocus))
      malformed(path, "\"options\" has a \"race_focus\" of the wrong type or size");
    for (const json &f : focus) {
      if (!f.is_object() || !f.contains("mapping") || !f["mapping"].is_string() ||
          !f.contains("offset") || !f["offset"].is_number_unsigned() ||
          f["mapping"].get<std::string>().size() >= protocol::kWhereSize)
        malformed(path, "\"options\" has an invalid \"race_focus\" location");
      FocusLocation location{f["mapping"].get<std::string>(), f["offset"].get<uint64_t>()};
      if (f.contains("kind")) {
        const std::optional<protocol::FocusKind> kind =
            f["kind"].is_string() ? focusKindNamed(f["kind"].get<std::string>()) : std::nullopt;
        if (!kind)
          malformed(path, "\"options\" has a \"race_focus\" location of an unknown kind");
        location.kind = *kind;
      }
      s.options.focus.push_back(location);
    }
  }
  const json allowed = field<json>(options, "allow_exit_codes", path, "\"options\"");
  if (!allowed.is_array())
    malformed(path, "\"options\" has a \"allow_exit_codes\" of the wrong type");
  for (const json &code : allowed) {
    if (!code.is_number_integer() || code.get<int64_t>() < 1 || code.get<int64_t>() > 255)
      malformed(path, "\"allow_exit_codes\" holds something other than exit codes 1-255");
    s.options.exits.allowed.push_back(code.get<int>());
  }
  const json steps = field<json>(doc, "steps", path, "the file");
  if (!steps.is_array())
    malformed(path, "\"steps\" is not a list");
  if (steps.size() > s.options.maxSteps)
    malformed(path, "it has more steps than its max_steps");
  for (size_t i = 0; i < steps.size(); ++i) {
    const std::string where = "step " + std::to_string(i + 1);
    const json &j = steps[i];
    ScheduleStep step;
    step.agentId =
        static_cast<int>(integerField(j, "agent_id", path, where, 0, protocol::kMaxAgents - 1));
    step.agent = field<std::string>(j, "agent", path, where);
    step.op = field<std::string>(j, "op", path, where);
    step.object =
        j.is_object() && j.contains("object") ? field<std::string>(j, "object", path, where) : "";
    const int variant = j.is_object() && j.contains("variant")
                            ? static_cast<int>(integerField(j, "variant", path, where, 0,
                                                            protocol::kMaxVariants - 1))
                            : 0;
    protocol::OpKind op{};
    if (step.agentId < 0 || step.agentId >= protocol::kMaxAgents)
      malformed(path, where + " has an agent_id out of range");
    if (!models::opFromName(step.op, op))
      malformed(path, where + " names an unknown operation \"" + step.op + "\"");
    if (variant < 0 || variant >= protocol::kMaxVariants)
      malformed(path, where + " has a variant out of range");
    step.variant = static_cast<uint8_t>(variant);
    s.steps.push_back(step);
  }
  const json bug = field<json>(doc, "bug", path, "the file");
  s.bug.kind = field<std::string>(bug, "kind", path, "\"bug\"");
  s.bug.message = field<std::string>(bug, "message", path, "\"bug\"");
  s.bug.step = static_cast<size_t>(
      integerField(bug, "step", path, "\"bug\"", 0, static_cast<int64_t>(s.steps.size())));
  return s;
}

} // namespace lockstep::checker
