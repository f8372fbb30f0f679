// Advisory file locks (flock(2), lockf(3), fcntl(2) record and open-file-description locks) are
// not modelled yet. Only one agent runs at a time, so a lock that is free can be taken at once;
// a waiting lock request is therefore tried without waiting, and when another process holds the
// lock (the request would wait for an agent that cannot run) the run stops with a sentence
// naming the call instead of hanging. Taking or releasing a free lock is not a scheduling point.
#pragma once

#include <cstdint>

namespace lockstep::runtime {

// True for F_SETLKW and F_OFD_SETLKW.
bool isWaitingLockCommand(int cmd);

// fcntl(fd, cmd, lock) for a waiting lock command, as described above.
int fcntlLockWithoutWaiting(int fd, int cmd, uintptr_t lock, const void *pc);

} // namespace lockstep::runtime
