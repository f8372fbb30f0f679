// The table of visible operations, generated from runtime/protocol/ops.def: the name used in
// code, traces, schedules and reports, and the family of object each operation acts on.
#pragma once

#include "control_block.h"

#include <string_view>

namespace lockstep::models {

using protocol::ObjectFamily;
using protocol::OpKind;

const char *opName(OpKind op);
ObjectFamily opFamily(OpKind op);
const char *familyName(ObjectFamily family);
// Parses a name as written by opName; false when unknown.
bool opFromName(std::string_view name, OpKind &out);
bool isValidOp(uint16_t raw);

} // namespace lockstep::models
