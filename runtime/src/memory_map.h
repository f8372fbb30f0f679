// Where an address lives: reads /proc/self/maps (with raw system calls, no stdio) to tell a
// MAP_SHARED mapping, named by the device, inode and file offset behind it, from private memory.
// This is what makes an object in shared memory the same object in every process, wherever each
// one mapped it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lockstep::runtime {

struct MappingInfo {
  bool found = false;
  bool shared = false;
  uint64_t device = 0;
  uint64_t inode = 0;
  uint64_t fileOffset = 0; // offset of the address in the file behind the mapping
  char name[64] = {};      // how reports name the mapping
};

MappingInfo lookupMapping(const void *address);

} // namespace lockstep::runtime
