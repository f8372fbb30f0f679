// Each bug program of tests/programs is found with the right verdict, only in a later execution
// than the first (the bug needs a specific interleaving), deterministically, and its schedule
// replays to the same verdict; each fixed twin is explored completely without a bug.
#include "BugTwinTest.h"

namespace lockstep::integration {
namespace {

const std::vector<BugTwin> kBugCases = {
    {"deadlock_missing_post", "deadlock", "waits in sem_wait on semaphore#", {}},
    {"deadlock_lock_order_threads", "deadlock", "wait-for cycle", {}},
    {"assertion_lost_update", "assertion", "assertion `s->balance == 20", {}},
    {"crash_null_publish", "crash", "P1 was killed by SEGV", {}},
    {"exit_code_early_worker", "exit-code", "P1 exited with status 3", {}},
    {"hang_spin_flag", "hang", "without reaching a visible operation", {"--step-timeout", "1"}},
    {"misuse_unlock_not_held", "misuse", "which it does not hold (held by P0)", {}},
    {"misuse_relock", "misuse", "which it already holds", {}},
    {"misuse_destroy_held_mutex", "misuse", "destroys mutex#0 while P1 holds it", {}},
    {"misuse_destroy_sem_waiters", "misuse", "while P2 waits on it", {}},
    {"misuse_private_mutex",
     "misuse",
     "pthread_mutex_lock on mutex#0, which lives in shared memory",
     {}},
    {"misuse_private_sem", "misuse", "sem_post on semaphore#1, which lives in shared memory", {}},
    {"livelock_trywait_poll", "livelock", "step bound (40 steps)", {"--max-steps", "40"}},
};

INSTANTIATE_TEST_SUITE_P(Programs, BugTwinTest, ::testing::ValuesIn(kBugCases), bugTwinName);

} // namespace
} // namespace lockstep::integration
