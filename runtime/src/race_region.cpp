// Creating (root) or mapping again (after execve) the race region (see race_region.h).
#include "race_region.h"

#include "race_detector.h"

#include "runtime_state.h"
#include "shadow_memory.h"

#include <pthread.h>

#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace lockstep::runtime {

RaceRegion *gRaceRegion = nullptr;

namespace {

constexpr int kRegionFdFloor = 200; // keep the descriptor out of the program's usual range

RaceRegion *mapRegion(int fd) {
  RuntimeScope scope; // not a mapping of the program's
  void *p = mmap(nullptr, kRegionBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd, 0);
  return p == MAP_FAILED ? nullptr : static_cast<RaceRegion *>(p);
}

int createRegionFd() {
  const int fd = static_cast<int>(syscall(SYS_memfd_create, "lockstep-races", 0));
  if (fd < 0)
    return -1;
  if (ftruncate(fd, static_cast<off_t>(kRegionBytes)) != 0) {
    close(fd);
    return -1;
  }
  const int high = fcntl(fd, F_DUPFD, kRegionFdFloor);
  close(fd);
  return high;
}

// In a forked child: the forking thread's epoch names its parent's agent (see __lockstep_epoch).
void forgetEpoch() { __lockstep_epoch = 0; }

// Runs after attach (constructor 101): the control block and this process's agent are known.
__attribute__((constructor(102))) void attachRaceRegion() {
  if (gControl == nullptr || tAgent < 0)
    return;
  RaceTable &table = gControl->races;
  if (table.regionFd <= 0) {
    const int fd = createRegionFd();
    if (fd < 0)
      return;
    table.regionFd = fd;
  }
  gRaceRegion = mapRegion(table.regionFd);
  if (gRaceRegion == nullptr)
    return;
  forgetLiveThreads(); // the fast path now asks this process's thread count
  pthread_atfork(nullptr, nullptr, forgetLiveThreads); // a child is another process
  pthread_atfork(nullptr, nullptr, forgetPrefaulted);  // with the page tables of its own
  pthread_atfork(nullptr, nullptr, forgetEpoch);       // and another agent
}

} // namespace

} // namespace lockstep::runtime
