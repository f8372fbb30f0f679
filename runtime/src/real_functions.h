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

} // namespace lockstep::runtime

#define LOCKSTEP_REAL(fn)                                                                          \
  ([]() {                                                                                          \
    static decltype(&::fn) slot = nullptr;                                                         \
    return ::lockstep::runtime::resolveReal(slot, #fn);                                            \
  }())
