// Maps addresses to (module, offset) through the modules dl_iterate_phdr reports.
#include "callsite.h"

#include "runtime_state.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <link.h>
#include <unistd.h>

namespace lockstep::runtime {
namespace {

struct LocalModule {
  uintptr_t start;
  uintptr_t end;
  uintptr_t bias;
  uint16_t index;
};

LocalModule gModules[kMaxModules];
int gModuleCount = 0;

uint16_t moduleIndexFor(const char *path) {
  ControlBlock &cb = *gControl;
  for (int i = 0; i < cb.moduleCount; ++i) {
    if (strncmp(cb.modules[i].path, path, kPathSize) == 0)
      return static_cast<uint16_t>(i);
  }
  if (cb.moduleCount >= kMaxModules)
    return kNoModule;
  const int index = cb.moduleCount++;
  snprintf(cb.modules[index].path, kPathSize, "%s", path);
  return static_cast<uint16_t>(index);
}

int addModule(dl_phdr_info *info, size_t /*size*/, void * /*data*/) {
  if (gModuleCount >= kMaxModules)
    return 1;
  char exe[kPathSize];
  const char *path = info->dlpi_name;
  if (path == nullptr || path[0] == '\0') {
    const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
      return 0;
    exe[n] = '\0';
    path = exe;
  }
  if (path[0] != '/')
    return 0; // the vDSO and friends have no file to symbolize
  uintptr_t low = UINTPTR_MAX;
  uintptr_t high = 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD)
      continue;
    low = std::min<uintptr_t>(low, info->dlpi_addr + ph.p_vaddr);
    high = std::max<uintptr_t>(high, info->dlpi_addr + ph.p_vaddr + ph.p_memsz);
  }
  if (low >= high)
    return 0;
  gModules[gModuleCount++] = {low, high, info->dlpi_addr, moduleIndexFor(path)};
  return 0;
}

const LocalModule *find(uintptr_t address) {
  for (int i = 0; i < gModuleCount; ++i) {
    if (address >= gModules[i].start && address < gModules[i].end)
      return &gModules[i];
  }
  return nullptr;
}

const LocalModule *findOrRefresh(uintptr_t address) {
  if (const LocalModule *m = find(address))
    return m;
  registerModules(); // a module loaded since (dlopen)
  return find(address);
}

} // namespace

void registerModules() {
  gModuleCount = 0;
  dl_iterate_phdr(addModule, nullptr);
}

CallSite siteOf(const void *pc) {
  const auto address = reinterpret_cast<uintptr_t>(pc);
  const LocalModule *m = findOrRefresh(address);
  if (m == nullptr || m->index == kNoModule)
    return {kNoModule, 0, 0};
  return {m->index, 0, static_cast<uint32_t>(address - m->bias)};
}

bool moduleOffsetOf(const void *address, uint16_t *module, uint64_t *offset) {
  const auto a = reinterpret_cast<uintptr_t>(address);
  const LocalModule *m = find(a);
  if (m == nullptr || m->index == kNoModule)
    return false;
  *module = m->index;
  *offset = a - m->bias;
  return true;
}

} // namespace lockstep::runtime
