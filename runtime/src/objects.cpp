// Object registry (see objects.h).
#include "objects.h"

#include "callsite.h"
#include "glibc_layout.h"
#include "memory_map.h"
#include "real_functions.h"
#include "runtime_state.h"
#include "turn.h"

#include "lockstep/models/model.h"

#include <cstdio>
#include <cstring>

namespace lockstep::runtime {
namespace {

constexpr int kCacheSize = 4096; // power of two

struct CacheEntry {
  uintptr_t address;
  uint32_t index;
  ObjectFamily family;
};
CacheEntry gCache[kCacheSize];

size_t slotOf(uintptr_t address) { return (address >> 3) * 0x9E3779B97F4A7C15ULL >> 52; }

bool sameKey(const ObjectKey &a, const ObjectKey &b) {
  return a.space == b.space && a.process == b.process && a.device == b.device &&
         a.inode == b.inode && a.offset == b.offset;
}

ObjectKey keyOf(const void *address, MappingInfo &mapping) {
  mapping = lookupMapping(address);
  ObjectKey key{};
  if (mapping.found && mapping.shared) {
    key.space = KeySpace::Shared;
    key.device = mapping.device;
    key.inode = mapping.inode;
    key.offset = mapping.fileOffset;
  } else {
    key.space = KeySpace::Private;
    key.process = static_cast<uint32_t>(selfProcess());
    key.offset = reinterpret_cast<uintptr_t>(address);
  }
  return key;
}

void readInitialState(ObjectRecord &o, const void *address) {
  if (o.family == ObjectFamily::Mutex) {
    const int kind = glibc::mutexKind(static_cast<const pthread_mutex_t *>(address));
    o.mutex = MutexState{};
    o.mutex.owner = -1;
    const int type = kind & glibc::kMutexKindMask;
    o.mutex.type = type == 1   ? MutexType::Recursive
                   : type == 2 ? MutexType::ErrorCheck
                               : MutexType::Normal; // 0 normal, 3 adaptive
    o.mutex.robust = (kind & glibc::kMutexRobustBit) != 0 ? 1 : 0;
    if ((kind & glibc::kMutexPsharedBit) != 0)
      o.flags |= kObjectPshared;
  } else if (o.family == ObjectFamily::Semaphore) {
    auto *sem = static_cast<sem_t *>(const_cast<void *>(address));
    int value = 0;
    LOCKSTEP_REAL(sem_getvalue)(sem, &value);
    o.sem = SemaphoreState{};
    o.sem.value = value;
    if (!glibc::semaphoreIsPrivate(sem))
      o.flags |= kObjectPshared;
  } else if (o.family == ObjectFamily::Cond) { // PTHREAD_COND_INITIALIZER: no waiters
    o.cond = CondState{};
    o.cond.mutex = kNoObject;
    if (glibc::condIsShared(static_cast<const pthread_cond_t *>(address)))
      o.flags |= kObjectPshared;
  } else if (o.family == ObjectFamily::Rwlock) { // PTHREAD_RWLOCK_INITIALIZER and _NP kinds
    const auto *rwlock = static_cast<const pthread_rwlock_t *>(address);
    o.rwlock = RwlockState{};
    o.rwlock.writer = -1;
    const int kind = glibc::rwlockKind(rwlock);
    o.rwlock.kind =
        kind >= 0 && kind <= 2 ? static_cast<RwlockKind>(kind) : RwlockKind::PreferReader;
    if (glibc::rwlockIsShared(rwlock))
      o.flags |= kObjectPshared;
  } else if (o.family == ObjectFamily::Atomic) { // versions start over with the new location
    o.atomic = AtomicState{};
  } else if (o.family == ObjectFamily::Barrier) { // initialised before the runtime attached
    const auto *barrier = static_cast<const pthread_barrier_t *>(address);
    o.barrier = BarrierState{};
    o.barrier.count = glibc::barrierCount(barrier);
    if (glibc::barrierIsShared(barrier))
      o.flags |= kObjectPshared;
  }
}

uint32_t createObject(const ObjectKey &key, const MappingInfo &mapping, const void *address,
                      ObjectFamily family) {
  ControlBlock &cb = *gControl;
  if (cb.objectCount >= kMaxObjects) {
    models::reportBug(cb, tAgent, VerdictKind::Unsupported,
                      "the program uses more than %d synchronization objects and atomic locations",
                      kMaxObjects);
    stopExecution();
  }
  const auto index = static_cast<uint32_t>(cb.objectCount++);
  ObjectRecord &o = cb.objects[index];
  memset(&o, 0, sizeof o);
  o.key = key;
  o.family = family;
  o.homeProcess = selfProcess();
  o.whereModule = kNoModule;
  if (key.space == KeySpace::Shared) {
    o.flags |= kObjectShared;
    o.whereOffset = key.offset;
    snprintf(o.where, sizeof o.where, "%s", mapping.name);
  } else if (!moduleOffsetOf(address, &o.whereModule, &o.whereOffset)) {
    snprintf(o.where, sizeof o.where, "%s", mapping.found ? mapping.name : "memory");
  }
  readInitialState(o, address);
  return index;
}

} // namespace

uint32_t objectAt(const void *address, ObjectFamily family) {
  ControlBlock &cb = *gControl;
  const auto a = reinterpret_cast<uintptr_t>(address);
  CacheEntry &slot = gCache[slotOf(a)];
  if (slot.address == a && slot.family == family &&
      slot.index < static_cast<uint32_t>(cb.objectCount) && cb.objects[slot.index].family == family)
    return slot.index;
  MappingInfo mapping;
  const ObjectKey key = keyOf(address, mapping);
  uint32_t index = kNoObject;
  for (int i = 0; i < cb.objectCount; ++i) {
    if (sameKey(cb.objects[i].key, key)) {
      index = static_cast<uint32_t>(i);
      break;
    }
  }
  if (index == kNoObject) {
    index = createObject(key, mapping, address, family);
  } else if (cb.objects[index].family != family) {
    cb.objects[index].family = family; // the memory was reused for another kind of object
    cb.objects[index].flags &= kObjectShared;
    readInitialState(cb.objects[index], address);
  }
  slot = {a, index, family};
  return index;
}

void forgetCachedObjects() { memset(gCache, 0, sizeof gCache); }

void cloneProcessObjects(int fromProcess, int toProcess, int forkingAgent, int childAgent) {
  ControlBlock &cb = *gControl;
  const int existing = cb.objectCount;
  for (int i = 0; i < existing; ++i) {
    const ObjectRecord &parent = cb.objects[i];
    if (parent.key.space != KeySpace::Private ||
        parent.key.process != static_cast<uint32_t>(fromProcess))
      continue;
    if (cb.objectCount >= kMaxObjects) {
      models::reportBug(
          cb, forkingAgent, VerdictKind::Unsupported,
          "the program uses more than %d synchronization objects and atomic locations",
          kMaxObjects);
      stopExecution();
    }
    ObjectRecord &copy = cb.objects[cb.objectCount++];
    copy = parent;
    copy.key.process = static_cast<uint32_t>(toProcess);
    copy.homeProcess = toProcess;
    if (copy.family == ObjectFamily::Mutex && copy.mutex.owner == forkingAgent)
      copy.mutex.owner = childAgent;
    if (copy.family == ObjectFamily::Cond) { // no thread of the child waits on the copy
      copy.cond.waiters = 0;
      copy.cond.mutex = kNoObject;
    }
    if (copy.family == ObjectFamily::Rwlock) { // the forking agent's holds pass to the child
      RwlockState &r = copy.rwlock;
      if (r.writer == forkingAgent)
        r.writer = childAgent;
      if (r.readDepth[forkingAgent] > 0) {
        r.readDepth[childAgent] = r.readDepth[forkingAgent];
        r.readDepth[forkingAgent] = 0;
        r.readerMask = (r.readerMask & ~(uint64_t{1} << forkingAgent)) | uint64_t{1} << childAgent;
      }
    }
    if (copy.family == ObjectFamily::Barrier) // the arrivals' threads do not exist in the child
      copy.barrier.arrivedMask = 0;
  }
}

} // namespace lockstep::runtime
