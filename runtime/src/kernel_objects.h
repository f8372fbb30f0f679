// Objects named by the kernel rather than by an address (issue 5): a POSIX message queue is its
// inode in the mqueue filesystem (KeySpace::Kernel), a System V object its id (KeySpace::SysV),
// so every process, and every open of the same name, finds the same record. Also the list of
// named objects an execution created, which the checker removes after it.
#pragma once

#include "control_block.h"

namespace lockstep::runtime {

// Index of the object with this key; a new record of `family` when first seen (*created is
// then true; the caller sets its state). Stops the execution when the table is full.
uint32_t objectForKey(const protocol::ObjectKey &key, protocol::ObjectFamily family, bool *created);

// True when one more named object can be recorded; otherwise writes an Unsupported verdict and
// stops the execution (call it before creating the object, so nothing leaks).
void reserveNamedSlot(const void *pc, const char *call);

// Records a named object the execution created (reserveNamedSlot was called before).
void rememberNamed(protocol::NamedKind kind, const char *name);

// The program removed a System V object itself: the checker must not remove the id again (it
// could name a new object by then). The name is the id in decimal.
void forgetSysvId(protocol::NamedKind kind, int id);

} // namespace lockstep::runtime
