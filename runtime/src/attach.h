// Runtime attachment and the end of a process (see attach.cpp and intercept_process.cpp).
#pragma once

namespace lockstep::runtime {

// Runs after the program's exit handlers: performs the process_exit step.
void exitHook();

} // namespace lockstep::runtime
