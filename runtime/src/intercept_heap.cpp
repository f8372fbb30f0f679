// free, realloc and reallocarray: memory given back to the allocator loses its shadow
// (shadow_reset.h), so that the next allocation at the same address, by another thread, does not
// race with the accesses to the old block (the allocator's own locking is invisible to
// Lockstep). Blocks of any size: a large one that malloc maps and unmaps itself (its munmap is
// not interposed) is reset here. A process that never had private shadow (one thread so far)
// pays one test. Forwarded to glibc's exported __libc_free / __libc_realloc, which need no dlsym
// (dlsym allocates); reallocarray is interposed because glibc calls its own realloc from it.
#include "shadow_reset.h"

#include <cerrno>
#include <cstdint>
#include <malloc.h>

extern "C" void __libc_free(void *);
extern "C" void *__libc_realloc(void *, size_t);

namespace {

void forget(void *p, size_t size) {
  const auto start = reinterpret_cast<uintptr_t>(p);
  lockstep::runtime::resetPrivateShadow(start, start + size);
}

} // namespace

extern "C" void free(void *p) {
  if (p != nullptr && lockstep::runtime::privateShadowExists())
    forget(p, malloc_usable_size(p));
  __libc_free(p);
}

// realloc(3): a moved block frees the old one; realloc(p, 0) frees p and returns NULL; a block
// shrunk in place gives its tail back (glibc splits it off as a free chunk).
extern "C" void *realloc(void *p, size_t size) {
  if (p == nullptr || !lockstep::runtime::privateShadowExists())
    return __libc_realloc(p, size);
  const size_t old = malloc_usable_size(p);
  void *q = __libc_realloc(p, size);
  if (q == nullptr && size != 0)
    return q; // failed: p is untouched
  if (q != p) {
    forget(p, old);
  } else {
    const size_t kept = malloc_usable_size(q);
    if (kept < old)
      forget(static_cast<char *>(p) + kept, old - kept);
  }
  return q;
}

extern "C" void *reallocarray(void *p, size_t count, size_t size) {
  size_t bytes = 0;
  if (__builtin_mul_overflow(count, size, &bytes)) {
    errno = ENOMEM;
    return nullptr;
  }
  return realloc(p, bytes);
}
