// Interceptors for shared memory: mmap / munmap / mremap keep this process's table of shared
// ranges (shadow_memory.h) up to date; shm_open and shmget record the names and ids an execution
// creates, so that the checker removes them after it (NamedKind::SharedMemory with shm_unlink,
// NamedKind::SysvSharedMemory with shmctl IPC_RMID); shmat / shmdt add and remove System V
// segments. None of these is a scheduling point: they do not synchronize, and a location is
// named by the file behind it, not by its address. Private memory that a mapping call makes new
// (mmap, the part mremap adds or moves to) or gives back (munmap, what mremap leaves) loses its
// shadow (shadow_reset.h): whatever was there before had another owner.
#include "race_detector.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "shadow_memory.h"
#include "shadow_reset.h"
#include "sysv_get.h"

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

namespace lockstep::runtime {
namespace {

bool tracking() { return gControl != nullptr && tAgent >= 0 && tInRuntime == 0; }

// A length rounded up to whole pages, as the kernel maps and unmaps.
size_t pageRounded(size_t length) {
  const auto page = static_cast<size_t>(getpagesize());
  return (length + page - 1) & ~(page - 1);
}

void resetPages(const void *start, size_t length) {
  const auto lo = reinterpret_cast<uintptr_t>(start);
  resetPrivateShadow(lo, lo + pageRounded(length));
}

void afterMap(void *p, size_t length, int flags) {
  if (p == MAP_FAILED || !tracking())
    return;
  RuntimeScope scope;
  if ((flags & MAP_TYPE) == MAP_SHARED || (flags & MAP_TYPE) == MAP_SHARED_VALIDATE)
    addSharedRange(p, length);
  else
    removeSharedRanges(p, length); // MAP_FIXED private memory over a shared range
  resetPages(p, length);           // new memory, whatever was mapped there before
}

size_t segmentSize(int id) {
  struct shmid_ds ds {};
  return LOCKSTEP_REAL(shmctl)(id, IPC_STAT, &ds) == 0 ? ds.shm_segsz : 0;
}

} // namespace
} // namespace lockstep::runtime

using namespace lockstep::runtime;

extern "C" void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset) {
  void *p = LOCKSTEP_REAL(mmap)(addr, length, prot, flags, fd, offset);
  afterMap(p, length, flags);
  return p;
}

extern "C" void *mmap64(void *addr, size_t length, int prot, int flags, int fd, off64_t offset) {
  return mmap(addr, length, prot, flags, fd, offset);
}

extern "C" int munmap(void *addr, size_t length) {
  const int rc = LOCKSTEP_REAL(munmap)(addr, length);
  if (rc == 0 && tracking()) {
    removeSharedRanges(addr, length);
    resetPages(addr, length);
  }
  return rc;
}

extern "C" void *mremap(void *old, size_t oldSize, size_t newSize, int flags, ...) {
  void *wanted = nullptr;
  if ((flags & MREMAP_FIXED) != 0) {
    va_list args;
    va_start(args, flags);
    wanted = va_arg(args, void *);
    va_end(args);
  }
  const bool wasShared = tracking() && sharedRangeOf(old) != nullptr;
  void *p = LOCKSTEP_REAL(mremap)(old, oldSize, newSize, flags, wanted);
  if (p == MAP_FAILED || !tracking())
    return p;
  if (wasShared) {
    RuntimeScope scope;
    if ((flags & MREMAP_DONTUNMAP) == 0)
      removeSharedRanges(old, oldSize);
    addSharedRange(p, newSize);
    return p;
  }
  // Private memory: the content moves (its shadow does not follow: less to check, never a false
  // report); the old range is unmapped (or, with MREMAP_DONTUNMAP, new empty memory), the new
  // one replaced whatever was there; in place, the pages added or removed change owner.
  const size_t before = pageRounded(oldSize);
  const size_t after = pageRounded(newSize);
  if (p != old) {
    resetPages(old, before);
    resetPages(p, after);
  } else if (after < before) {
    resetPages(static_cast<char *>(old) + after, before - after);
  } else {
    resetPages(static_cast<char *>(old) + before, after - before);
  }
  return p;
}

extern "C" int shm_open(const char *name, int oflag, mode_t mode) {
  if (!tracking() || (oflag & O_CREAT) == 0)
    return LOCKSTEP_REAL(shm_open)(name, oflag, mode);
  reserveNamedSlot(__builtin_return_address(0), "shm_open");
  // Created now, or opened? Ask with O_EXCL first; only a name this execution created is
  // removed after it.
  int fd = LOCKSTEP_REAL(shm_open)(name, oflag | O_EXCL, mode);
  if (fd >= 0) {
    rememberNamed(NamedKind::SharedMemory, name);
    return fd;
  }
  if (errno != EEXIST || (oflag & O_EXCL) != 0)
    return -1;
  return LOCKSTEP_REAL(shm_open)(name, oflag, mode);
}

extern "C" int shmget(key_t key, size_t size, int flags) {
  if (!tracking())
    return LOCKSTEP_REAL(shmget)(key, size, flags);
  if (key == IPC_PRIVATE || (flags & IPC_CREAT) != 0)
    reserveNamedSlot(__builtin_return_address(0), "shmget");
  bool created = false;
  const int id = sysvGetNoting(key, flags, &created,
                               [&](int f) { return LOCKSTEP_REAL(shmget)(key, size, f); });
  if (id >= 0 && created) {
    char name[32];
    snprintf(name, sizeof name, "%d", id);
    rememberNamed(NamedKind::SysvSharedMemory, name);
  }
  return id;
}

extern "C" void *shmat(int id, const void *addr, int flags) {
  void *p = LOCKSTEP_REAL(shmat)(id, addr, flags);
  if (p != reinterpret_cast<void *>(-1) && tracking()) {
    RuntimeScope scope;
    addSharedRange(p, segmentSize(id));
  }
  return p;
}

extern "C" int shmdt(const void *addr) {
  const SharedRange *r = tracking() ? sharedRangeOf(addr) : nullptr;
  const size_t length = r != nullptr ? r->end - r->start : 0;
  const int rc = LOCKSTEP_REAL(shmdt)(addr);
  if (rc == 0 && r != nullptr)
    removeSharedRanges(addr, length);
  return rc;
}
