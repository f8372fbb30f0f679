// Creation and per-execution reset of the control block (see control_block_file.h).
#include "engine/control_block_file.h"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <sys/mman.h>
#include <unistd.h>

namespace lockstep::checker {

using namespace protocol;

ControlBlockFile::ControlBlockFile(uint32_t capacity)
    : capacity_(capacity), layout_(layoutFor(capacity)) {
  // No MFD_CLOEXEC: the program under test inherits the descriptor across exec.
  fd_ = memfd_create("lockstep-control", 0);
  if (fd_ < 0 || ftruncate(fd_, static_cast<off_t>(layout_.totalSize)) != 0)
    throw std::runtime_error("cannot create the control block (memfd)");
  void *p = mmap(nullptr, layout_.totalSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
  if (p == MAP_FAILED)
    throw std::runtime_error("cannot map the control block");
  block_ = static_cast<ControlBlock *>(p);
}

ControlBlockFile::~ControlBlockFile() {
  if (block_ != nullptr)
    munmap(block_, layout_.totalSize);
  if (fd_ >= 0)
    close(fd_);
}

void ControlBlockFile::reset(const std::vector<PlanEntry> &plan, uint32_t maxSteps) {
  ControlBlock &cb = *block_;
  // Everything before the object table, then only the objects the last execution created.
  const int usedObjects = std::clamp(cb.objectCount, 0, kMaxObjects);
  memset(&cb, 0, offsetof(ControlBlock, objects));
  memset(cb.objects, 0, sizeof(ObjectRecord) * static_cast<size_t>(usedObjects));
  memset(cb.modules, 0, sizeof cb.modules);
  memset(cb.named, 0, sizeof cb.named);
  memset(&cb.clock, 0, sizeof cb.clock);     // issue 5: time starts at the same instant
  memset(&cb.semUndo, 0, sizeof cb.semUndo); // issue 5
  cb.sysvMessages.count = 0;                 // issue 5
  memset(&cb.races, 0, sizeof cb.races);
  memset(&cb.spin, 0, sizeof cb.spin);
  // The descriptor table (issue 5): only the entries the last execution used.
  const int usedDescriptions = std::clamp(cb.descriptionCount, 0, kMaxDescriptions);
  const int usedDescriptors = std::clamp(cb.descriptorCount, 0, kMaxDescriptors);
  memset(cb.descriptions, 0, sizeof(FileDescriptionRecord) * static_cast<size_t>(usedDescriptions));
  memset(cb.descriptors, 0, sizeof(DescriptorRecord) * static_cast<size_t>(usedDescriptors));
  cb.descriptionCount = 0;
  cb.descriptorCount = 0;
  // epoll (issue 5 item 5): only the interest entries the last execution used.
  const auto usedEpoll = std::min<uint32_t>(cb.epoll.count, kMaxEpollEntries);
  memset(cb.epoll.entries, 0, sizeof(EpollEntry) * usedEpoll);
  cb.epoll.count = 0;
  cb.epoll.sequence = 0;
  cb.datagrams.count = 0; // AF_UNIX SOCK_DGRAM socket pairs
  cb.magic = kMagic;
  cb.version = kProtocolVersion;
  cb.totalSize = layout_.totalSize;
  cb.capacity = capacity_;
  cb.planOffset = layout_.planOffset;
  cb.traceOffset = layout_.traceOffset;
  cb.checkerPid = getpid();
  cb.maxSteps = std::min(maxSteps, capacity_);
  cb.state = ExecutionState::Running;
  cb.currentAgent = 0;
  const size_t n = std::min<size_t>(plan.size(), capacity_);
  cb.planLength = static_cast<uint32_t>(n);
  std::copy_n(plan.begin(), n, planOf(&cb));
}

std::string ControlBlockFile::damagedGuard() const {
  const auto *base = reinterpret_cast<const unsigned char *>(block_);
  std::string found;
  auto scan = [&](size_t from, size_t to) {
    for (size_t at = from; at < to; at += sizeof(uint64_t)) {
      uint64_t word = 0;
      memcpy(&word, base + at, std::min(sizeof word, to - at));
      if (word == 0)
        continue;
      char text[64];
      snprintf(text, sizeof text, "%soffset %zu: 0x%llx", found.empty() ? "" : ", ", at,
               static_cast<unsigned long long>(word));
      found += text;
    }
  };
  scan(offsetof(ControlBlock, guard), offsetof(ControlBlock, guard) + sizeof block_->guard);
  scan(sizeof(ControlBlock), layout_.planOffset);
  return found;
}

} // namespace lockstep::checker
