// The race detector's same-epoch test, emitted inline before an access's callback (the runtime's
// own copy is race_fast_path.h; the layout they share is in lockstep_abi.h): when the access's
// granule is in the process's segment cache and one or more of its cells, of the thread's
// current epoch, already cover the access's bytes (a write's for a write), the callback has
// nothing to do and is skipped. An access to shared memory that the same epoch already made, the
// common case of a loop over tracked memory, so costs no call.
#ifndef LOCKSTEP_RUNTIME_PASS_INLINESAMEEPOCH_H
#define LOCKSTEP_RUNTIME_PASS_INLINESAMEEPOCH_H

#include <cstdint>

namespace llvm {
class CallInst;
class Value;
} // namespace llvm

namespace lockstep::runtime {

// Whether accesses of `Size` bytes get the inline test (1, 2, 4, 8, and 16 when aligned to 8).
bool hasInlineSameEpochTest(uint64_t Size);

// Puts the test in front of `Callback` (the call of the access's callback, which must be followed
// by its block's terminator): the call then runs only when the test cannot show that it is not
// needed.
void guardWithSameEpochTest(llvm::CallInst &Callback, llvm::Value *Address, uint64_t Size,
                            bool IsStore);

} // namespace lockstep::runtime

#endif // LOCKSTEP_RUNTIME_PASS_INLINESAMEEPOCH_H
