// Forgetting the shadow of private memory that changes owner. Private memory of a
// multi-threaded process is shadowed by (process, address) (shadow_memory.h); when that memory
// goes back to the allocator, the kernel or glibc's stack cache and comes out again to a new
// owner, nothing Lockstep sees orders the old accesses before the new ones (the allocator's,
// the kernel's and glibc's own locking do), so the old cells must go before the new owner's
// first access, as ThreadSanitizer resets the shadow of freed, unmapped and new stack memory.
// Called by free/realloc (intercept_heap.cpp), mmap/munmap/mremap (intercept_mmap.cpp) and a
// new thread's start (intercept_thread.cpp). Shared memory is never reset here: it is named by
// the object behind it, and the same object mapped again is the same memory.
#pragma once

#include "race_region.h"

#include <cstdint>

namespace lockstep::runtime {

// granuleMiss created `page`, a page of private shadow of this process: remembered so that a
// reset costs at most the number of pages the process has (not the size of the range reset).
void notePrivatePage(const ShadowPage *page);

// True when this process may have private shadow to reset (cheap: frees call it every time).
bool privateShadowExists();

// Clears the cells of this process's private granules overlapping [start, end).
void resetPrivateShadow(uintptr_t start, uintptr_t end);

// The calling thread's whole stack block (its stack, its TLS and glibc's thread descriptor),
// which glibc may have had from an exited thread: called first thing in a new thread.
void resetOwnStack();

} // namespace lockstep::runtime
