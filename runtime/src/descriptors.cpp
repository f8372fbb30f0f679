// The process-local descriptor cache and object lookup by kernel identity (see descriptors.h).
#include "descriptors.h"

#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"

#include "lockstep/models/descriptors.h"
#include "lockstep/models/socket_model.h"

#include <cstdio>
#include <cstring>
#include <sys/socket.h>

namespace lockstep::runtime {
namespace {

constexpr int kLocalFds = 1024; // descriptors above this are looked up in the control block

// description + 1 for each modelled descriptor below kLocalFds, 0 otherwise; valid for the
// process gLocalProcess only.
uint32_t gLocal[kLocalFds];
int gLocalProcess = -1;

void refuseFull(const char *what) {
  models::reportBug(*gControl, tAgent, VerdictKind::Unsupported,
                    "the program has more than %d %s of pipes open at once",
                    std::strcmp(what, "descriptors") == 0 ? kMaxDescriptors : kMaxDescriptions,
                    what);
  stopExecution();
}

void rebuild() {
  memset(gLocal, 0, sizeof gLocal);
  const ControlBlock &cb = *gControl;
  const int process = selfProcess();
  for (int i = 0; i < cb.descriptorCount && i < kMaxDescriptors; ++i) {
    const DescriptorRecord &e = cb.descriptors[i];
    if (e.process == process && e.fd >= 0 && e.fd < kLocalFds)
      gLocal[e.fd] = e.description + 1;
  }
  gLocalProcess = process;
}

} // namespace

uint32_t localDescription(int fd) {
  if (fd < 0 || gControl->descriptorCount == 0)
    return models::kNoDescription;
  if (gLocalProcess != selfProcess())
    rebuild();
  if (fd < kLocalFds)
    return gLocal[fd] - 1; // 0 - 1 == kNoDescription
  return models::descriptionAt(*gControl, selfProcess(), fd);
}

void registerDescriptor(int fd, uint32_t description, uint32_t flags) {
  if (gLocalProcess != selfProcess())
    rebuild();
  if (!models::addDescriptor(*gControl, selfProcess(), fd, description, flags))
    refuseFull("descriptors");
  if (fd >= 0 && fd < kLocalFds)
    gLocal[fd] = description + 1;
}

uint32_t newDescription(uint32_t object, uint32_t access, uint32_t status) {
  const uint32_t d = models::openDescription(*gControl, object, access, status);
  if (d == models::kNoDescription)
    refuseFull("file descriptions");
  return d;
}

void forgetDescriptor(int fd) {
  if (gLocalProcess != selfProcess())
    rebuild();
  else if (fd >= 0 && fd < kLocalFds)
    gLocal[fd] = 0;
}

void setDescriptorFlags(int fd, uint32_t flags) {
  const int index = models::findDescriptor(*gControl, selfProcess(), fd);
  if (index >= 0)
    gControl->descriptors[index].flags = flags;
}

namespace {

// The object of a kernel object (device, inode) of the family, created when first seen; reset
// (as new, *fresh = true) when asked or when it was of another family.
uint32_t kernelObject(const struct stat &st, ObjectFamily family, bool reset, const char *where,
                      bool *fresh) {
  ControlBlock &cb = *gControl;
  *fresh = false;
  uint32_t index = kNoObject;
  for (int i = 0; i < cb.objectCount; ++i) {
    const ObjectKey &k = cb.objects[i].key;
    if (k.space == KeySpace::Kernel && k.device == st.st_dev && k.inode == st.st_ino) {
      index = static_cast<uint32_t>(i);
      break;
    }
  }
  if (index == kNoObject) {
    if (cb.objectCount >= kMaxObjects) {
      models::reportBug(cb, tAgent, VerdictKind::Unsupported,
                        "the program uses more than %d synchronization objects", kMaxObjects);
      stopExecution();
    }
    index = static_cast<uint32_t>(cb.objectCount++);
    reset = true;
  }
  ObjectRecord &o = cb.objects[index];
  if (reset || o.family != family) {
    memset(&o, 0, sizeof o);
    o.key.space = KeySpace::Kernel;
    o.key.device = st.st_dev;
    o.key.inode = st.st_ino;
    o.family = family;
    o.flags = kObjectPshared | kObjectInitialised;
    o.homeProcess = selfProcess();
    o.whereModule = kNoModule;
    snprintf(o.where, sizeof o.where, "%s", where);
    *fresh = true;
  }
  return index;
}

} // namespace

uint32_t pipeObject(const struct stat &st, bool reset, bool fifo, const char *where, bool *fresh) {
  const uint32_t index = kernelObject(st, ObjectFamily::Pipe, reset, where, fresh);
  if (*fresh)
    models::pipeInit(*gControl, index, fifo);
  return index;
}

uint32_t socketPairObject(const struct stat &st) {
  bool fresh = false;
  const uint32_t index = kernelObject(st, ObjectFamily::Socket, true, "socketpair", &fresh);
  models::socketPairInit(*gControl, index);
  return index;
}

uint32_t socketObject(const struct stat &st, int domain) {
  bool fresh = false;
  const uint32_t index = kernelObject(st, ObjectFamily::Socket, true, "socket", &fresh);
  models::socketInit(*gControl, index, domain, st.st_ino);
  return index;
}

void noteClosedSocket(uint32_t object) {
  const ObjectRecord &o = gControl->objects[object];
  if (o.family != ObjectFamily::Socket || o.socket.role != models::kSocketClosed)
    currentStep().flags |= kStepKeptAddresses;
}

void enlargeRealSocket(int fd) {
  const int size = 4 << 20;
  if (LOCKSTEP_REAL(setsockopt)(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) != 0)
    LOCKSTEP_REAL(setsockopt)(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  if (LOCKSTEP_REAL(setsockopt)(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0)
    LOCKSTEP_REAL(setsockopt)(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
}

} // namespace lockstep::runtime
