// Kernel-named objects and the created-names list (see kernel_objects.h).
#include "kernel_objects.h"

#include "runtime_state.h"
#include "turn.h"
#include "visible_op.h"

#include "lockstep/models/model.h"

#include <cstdio>
#include <cstring>

namespace lockstep::runtime {

uint32_t objectForKey(const ObjectKey &key, ObjectFamily family, bool *created) {
  ControlBlock &cb = *gControl;
  *created = false;
  for (int i = 0; i < cb.objectCount; ++i) {
    const ObjectKey &k = cb.objects[i].key;
    if (k.space == key.space && k.device == key.device && k.inode == key.inode &&
        cb.objects[i].family == family)
      return static_cast<uint32_t>(i);
  }
  if (cb.objectCount >= kMaxObjects) {
    models::reportBug(cb, tAgent, VerdictKind::Unsupported,
                      "the program uses more than %d synchronization objects", kMaxObjects);
    stopExecution();
  }
  const auto index = static_cast<uint32_t>(cb.objectCount++);
  ObjectRecord &o = cb.objects[index];
  memset(&o, 0, sizeof o);
  o.key = key;
  o.family = family;
  o.flags = kObjectPshared | kObjectInitialised;
  o.homeProcess = selfProcess();
  o.whereModule = kNoModule;
  *created = true;
  return index;
}

void reserveNamedSlot(const void *pc, const char *call) {
  if (gControl->namedCount < kMaxNamed)
    return;
  refuseCall(pc, call, "cannot follow: more than 64 named objects created in one execution");
}

void rememberNamed(NamedKind kind, const char *name) {
  ControlBlock &cb = *gControl;
  if (cb.namedCount >= kMaxNamed)
    return;
  NamedObjectRecord &record = cb.named[cb.namedCount++];
  record.kind = kind;
  snprintf(record.name, sizeof record.name, "%s", name);
}

void forgetSysvId(NamedKind kind, int id) {
  char name[32];
  snprintf(name, sizeof name, "%d", id);
  ControlBlock &cb = *gControl;
  for (int i = 0; i < cb.namedCount && i < kMaxNamed; ++i) {
    if (cb.named[i].kind == kind && strcmp(cb.named[i].name, name) == 0)
      cb.named[i].name[0] = '\0';
  }
}

} // namespace lockstep::runtime
