// The get call of a System V object (msgget, semget): it may create the object, so it is a
// visible step, and an id it created is recorded so that the checker removes it after the
// execution. Whether the call created the object is learnt from the kernel itself: a caller that
// may create first tries with IPC_EXCL, and only on EEXIST (when it did not ask for IPC_EXCL)
// opens the existing object, so an object that existed before is never taken for a new one.
#pragma once

#include "kernel_objects.h"
#include "turn.h"
#include "visible_op.h"

#include <cerrno>
#include <cstdio>
#include <sys/ipc.h>

namespace lockstep::runtime {

// What differs between the System V get calls.
struct SysvGetCall {
  const char *name;         // "msgget"
  protocol::OpKind op;      // its visible operation
  protocol::NamedKind kind; // how the checker removes a created id
};

// Calls get(flags) (the real call) as described above; *created tells whether it created.
template <typename Get> int sysvGetNoting(key_t key, int flags, bool *created, Get get) {
  *created = false;
  if (key != IPC_PRIVATE && (flags & IPC_CREAT) == 0)
    return get(flags);
  const int id = get(flags | IPC_EXCL);
  if (id >= 0) {
    *created = true;
    return id;
  }
  if (errno != EEXIST || (flags & IPC_EXCL) != 0 || key == IPC_PRIVATE)
    return -1;
  return get(flags);
}

// The visible step of a get call, then the real call; returns its id (or -1 with errno) and
// records a created id.
template <typename Get>
int sysvGetStep(const SysvGetCall &call, const void *pc, key_t key, int flags, bool *created,
                Get get) {
  const bool mayCreate = key == IPC_PRIVATE || (flags & IPC_CREAT) != 0;
  if (mayCreate)
    reserveNamedSlot(pc, call.name);
  performVisible(makeOp(call.op, pc));
  const int id = sysvGetNoting(key, flags, created, get);
  if (id >= 0 && *created) {
    char name[32];
    snprintf(name, sizeof name, "%d", id);
    rememberNamed(call.kind, name);
  }
  return id;
}

} // namespace lockstep::runtime
