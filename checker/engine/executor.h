// Runs one execution of the program under test: resets the control block with the plan, starts
// the program (fork + exec, pinned to one CPU, address randomization off, in its own process
// group), sleeps until the runtime reports the end, watches for hangs and for processes that
// die outside the runtime's view, then kills and reaps every process left and removes the named
// objects the execution created. Nothing of the program survives run().
#pragma once

#include "engine/control_block_file.h"
#include "engine/program.h"
#include "engine/watchdog.h"
#include "trace/trace_reader.h"

#include <chrono>
#include <memory>

namespace lockstep::checker {

// Race focus (docs/races.md): a location whose plain accesses are visible operations.
struct FocusLocation {
  std::string mapping; // Shared: the mapping's name; Module: the end of the module's path
  uint64_t offset = 0; // the offset in it, or the address (Address), of one 8-byte granule
  protocol::FocusKind kind = protocol::FocusKind::Shared;
};

struct ExecutorOptions {
  uint32_t maxSteps = 10000;
  std::chrono::milliseconds stepTimeout{10000};
  ExitCodePolicy exits;
  bool showOutput = false;      // false: the program's stdout and stderr go to /dev/null
  bool spuriousWakeups = false; // condition variable waits may wake spuriously (explored)
  bool shortIo = false;         // pipe reads and writes may transfer less (explored)
  // Race focus: at most protocol::kMaxFocus locations whose plain accesses are scheduled.
  std::vector<FocusLocation> focus;
};

class Executor {
public:
  Executor(Program program, std::string runtimeLibrary, ExecutorOptions options);

  Execution run(const std::vector<protocol::PlanEntry> &plan);

  const Program &program() const { return program_; }
  const ExecutorOptions &options() const { return options_; }

private:
  pid_t launch();
  void monitor(pid_t root, Execution &outcome);
  void terminate(pid_t root);
  void removeNamedObjects();
  std::optional<Bug> checkVanishedAgent();

  Program program_;
  ExecutorOptions options_;
  ControlBlockFile control_;
  Watchdog watchdog_; // after control_: it watches the block
  std::vector<std::string> environment_;
  std::unique_ptr<protocol::ControlBlock> snapshot_;
  int cpu_ = 0;
};

// Set by the SIGINT/SIGTERM handler; the executor ends the execution and throws Interrupted.
void installInterruptHandlers();

} // namespace lockstep::checker
