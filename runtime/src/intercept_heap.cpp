// free and realloc: memory given back to the allocator loses its shadow (race_detector.h), so
// that the next allocation at the same address, by another thread, does not race with the
// accesses to the old block (the allocator's own locking is invisible to Lockstep). Forwarded to
// glibc's exported __libc_free / __libc_realloc, which need no dlsym (dlsym allocates).
#include "race_detector.h"

#include <malloc.h>

extern "C" void __libc_free(void *);
extern "C" void *__libc_realloc(void *, size_t);

extern "C" void free(void *p) {
  if (p != nullptr && lockstep::runtime::racePrivateTracked())
    lockstep::runtime::raceForget(p, malloc_usable_size(p));
  __libc_free(p);
}

extern "C" void *realloc(void *p, size_t size) {
  const size_t old =
      p != nullptr && lockstep::runtime::racePrivateTracked() ? malloc_usable_size(p) : 0;
  void *q = __libc_realloc(p, size);
  if (q != nullptr && q != p && old != 0)
    lockstep::runtime::raceForget(p, old);
  return q;
}
