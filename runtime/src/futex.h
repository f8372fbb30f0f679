// Thin wrappers over the futex system call on words in the shared control block. The block is
// a MAP_SHARED memfd mapping, so the futexes are never FUTEX_PRIVATE: waiter and waker may be in
// different processes.
#pragma once

#include <cstdint>
#include <ctime>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace lockstep::runtime {

// Sleeps while *word == expected, at most `timeout` (nullptr: forever). Spurious returns are
// possible; callers loop on their condition.
inline void futexWait(uint32_t *word, uint32_t expected, const timespec *timeout) {
  syscall(SYS_futex, word, FUTEX_WAIT, expected, timeout, nullptr, 0);
}

inline void futexWakeAll(uint32_t *word) {
  syscall(SYS_futex, word, FUTEX_WAKE, 0x7fffffff, nullptr, nullptr, 0);
}

} // namespace lockstep::runtime
