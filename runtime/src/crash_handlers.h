// Fatal signals and aborts become verdicts: the agent that crashes holds the turn, so it writes
// the verdict (crash, or assertion for assert()/abort()) and stops the execution.
#pragma once

namespace lockstep::runtime {

void installCrashHandlers();

} // namespace lockstep::runtime
