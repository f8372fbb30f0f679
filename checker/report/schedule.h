// The schedule file (JSON, format "lockstep-schedule", version kScheduleVersion): everything
// needed to replay one execution exactly, and the bug it shows. Written by `lockstep run`, read
// and validated by `lockstep replay`. docs/schedule-format.md describes every field.
#pragma once

#include "engine/executor.h"
#include "engine/explorer.h"
#include "report/symbolizer.h"

#include <nlohmann/json.hpp>

namespace lockstep::checker {

inline constexpr int kScheduleVersion = 1;
inline constexpr const char *kScheduleFormat = "lockstep-schedule";

struct ScheduleStep {
  int agentId = 0;
  std::string agent;  // "P1"
  std::string op;     // "mutex_lock"
  std::string object; // "mutex#1" or ""
  uint8_t variant = 0;
};

struct Schedule {
  std::string program;
  std::vector<std::string> arguments;
  std::string binarySha256;
  std::string strategy;
  nlohmann::json strategyParameters = nlohmann::json::object();
  ExecutorOptions options;
  std::vector<ScheduleStep> steps;
  Bug bug;
};

// The schedule of a found bug, ready to write.
Schedule scheduleOf(const FoundBug &found, const Program &program, const ExecutorOptions &options,
                    const std::string &strategy, const nlohmann::json &parameters);

nlohmann::json toJson(const Schedule &schedule, const Execution &execution, Symbolizer &symbols);

// Reads and validates a schedule file; throws UsageError with one clear sentence.
Schedule readSchedule(const std::string &path);

// The step's identity as the schedule records it: for comparison in replay.
ScheduleStep scheduleStepOf(const Execution &execution, size_t index);

} // namespace lockstep::checker
