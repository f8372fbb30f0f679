// What a signal sent to another process of the program does there, read from the kernel's view
// of that process (/proc/PID/status and its threads'): the disposition decides between
// terminating it, nothing, and cases Lockstep does not model yet (a handler, a signal every
// thread blocks, job control). Read with the turn held, so the target is parked and its
// disposition cannot change meanwhile (signal(7)).
#pragma once

#include <sys/types.h>

namespace lockstep::runtime {

enum class SignalEffect {
  Terminates, // default action terminate or core dump, not ignored, not blocked by every thread
  Nothing,    // ignored (SIG_IGN, or a default action of ignore, or SIGCONT to a running process)
  Handled,    // a handler is installed: it would run asynchronously (not modelled)
  Blocked,    // every thread blocks it: it stays pending (not modelled)
  Stops,      // a job-control stop (not modelled)
  Unknown,    // the target's /proc entry could not be read
};

SignalEffect signalEffectOn(pid_t pid, int signal);

} // namespace lockstep::runtime
