// Crash and assertion verdicts (see crash_handlers.h).
#include "crash_handlers.h"

#include "callsite.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"

#include "lockstep/models/model.h"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ucontext.h>

namespace lockstep::runtime {
namespace {

constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS};

char gAgentName[16];

void onFatalSignal(int signal, siginfo_t *info, void *context) {
  if (gControl == nullptr || tAgent < 0) {
    ::signal(signal, SIG_DFL);
    raise(signal);
    return;
  }
  tInRuntime = 1;
  auto *uc = static_cast<ucontext_t *>(context);
  self().pending.site = siteOf(reinterpret_cast<void *>(uc->uc_mcontext.gregs[REG_RIP] + 1));
  models::agentName(*gControl, tAgent, gAgentName, sizeof gAgentName);
  models::reportBug(*gControl, tAgent, VerdictKind::Crash, "%s was killed by %s (fault address %p)",
                    gAgentName, sigabbrev_np(signal), info->si_addr);
  stopExecution();
}

} // namespace

void installCrashHandlers() {
  struct sigaction action {};
  action.sa_sigaction = onFatalSignal;
  action.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  for (int s : kFatalSignals)
    sigaction(s, &action, nullptr);
}

} // namespace lockstep::runtime

using namespace lockstep::runtime;

namespace {

[[noreturn]] void assertionVerdict(const void *pc, const char *format, const char *a, const char *b,
                                   unsigned line, const char *function) {
  tInRuntime = 1;
  self().pending.site = siteOf(pc);
  char who[16];
  lockstep::models::agentName(*gControl, tAgent, who, sizeof who);
  lockstep::models::reportBug(*gControl, tAgent, VerdictKind::Assertion, format, who, a, b, line,
                              function);
  stopExecution();
}

} // namespace

extern "C" void __assert_fail(const char *assertion, const char *file, unsigned line,
                              const char *function) {
  if (modelled())
    assertionVerdict(__builtin_return_address(0), "%s: assertion `%s' failed at %s:%u in %s",
                     assertion, file, line, function);
  LOCKSTEP_REAL(__assert_fail)(assertion, file, line, function);
  __builtin_unreachable();
}

extern "C" void abort() {
  if (modelled())
    assertionVerdict(__builtin_return_address(0), "%s called abort()%s%s", "", "", 0, "");
  LOCKSTEP_REAL(abort)();
  __builtin_unreachable();
}
