// Access to the real libc functions behind our interposed symbols, resolved once with
// dlsym(RTLD_NEXT). LOCKSTEP_REAL(fn) yields a pointer typed like ::fn.
#pragma once

#include <dlfcn.h>

namespace lockstep::runtime {

template <typename Fn> Fn resolveReal(Fn &slot, const char *name) {
  if (slot == nullptr)
    slot = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
  return slot;
}

template <typename Fn> Fn resolveRealVersion(Fn &slot, const char *name, const char *version) {
  if (slot == nullptr)
    slot = reinterpret_cast<Fn>(dlvsym(RTLD_NEXT, name, version));
  if (slot == nullptr) // a C library without that version: its default one
    slot = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
  return slot;
}

} // namespace lockstep::runtime

#define LOCKSTEP_REAL(fn)                                                                          \
  ([]() {                                                                                          \
    static decltype(&::fn) slot = nullptr;                                                         \
    return ::lockstep::runtime::resolveReal(slot, #fn);                                            \
  }())

// The same for a symbol that glibc exports in several versions (pthread_cond_* exist as
// GLIBC_2.2.5, the old condvar, and GLIBC_2.3.2, the default the program links against).
#define LOCKSTEP_REAL_VERSION(fn, version)                                                         \
  ([]() {                                                                                          \
    static decltype(&::fn) slot = nullptr;                                                         \
    return ::lockstep::runtime::resolveRealVersion(slot, #fn, version);                            \
  }())
