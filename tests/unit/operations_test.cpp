// The operation table generated from runtime/protocol/ops.def: every name round-trips, names
// are <primitive>_<verb> and unique, and invalid values are recognised.
#include "lockstep/models/operations.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace lockstep::models {
namespace {

TEST(OperationsTest, EveryOpNameRoundTrips) {
  ASSERT_GT(protocol::kOpCount, 0);
  std::set<std::string> names;
  for (uint16_t raw = 0; raw < protocol::kOpCount; ++raw) {
    const auto op = static_cast<OpKind>(raw);
    EXPECT_TRUE(isValidOp(raw));
    const std::string name = opName(op);
    EXPECT_NE(name, "invalid_op");
    EXPECT_NE(name.find('_'), std::string::npos) << name << " is not <primitive>_<verb>";
    EXPECT_TRUE(names.insert(name).second) << name << " appears twice";
    OpKind parsed{};
    ASSERT_TRUE(opFromName(name, parsed)) << name;
    EXPECT_EQ(parsed, op) << name;
  }
  EXPECT_EQ(names.size(), protocol::kOpCount);
}

TEST(OperationsTest, NamesAndFamiliesMatchTheEnum) {
  EXPECT_STREQ(opName(OpKind::process_fork), "process_fork");
  EXPECT_STREQ(opName(OpKind::mutex_lock), "mutex_lock");
  EXPECT_STREQ(opName(OpKind::sem_timedwait), "sem_timedwait");
  EXPECT_STREQ(opName(OpKind::sem_getvalue), "sem_getvalue");
  EXPECT_EQ(opFamily(OpKind::process_wait), ObjectFamily::Process);
  EXPECT_EQ(opFamily(OpKind::thread_join), ObjectFamily::Thread);
  EXPECT_EQ(opFamily(OpKind::thread_yield), ObjectFamily::None);
  EXPECT_EQ(opFamily(OpKind::mutex_consistent), ObjectFamily::Mutex);
  EXPECT_EQ(opFamily(OpKind::sem_post), ObjectFamily::Semaphore);
  EXPECT_EQ(opFamily(OpKind::sem_unlink), ObjectFamily::None);
  EXPECT_STREQ(familyName(ObjectFamily::Mutex), "mutex");
  EXPECT_STREQ(familyName(ObjectFamily::Semaphore), "semaphore");
  EXPECT_STREQ(familyName(ObjectFamily::Process), "process");
  EXPECT_STREQ(familyName(ObjectFamily::Thread), "thread");
  EXPECT_STREQ(familyName(ObjectFamily::None), "object");
}

TEST(OperationsTest, FamilyPrefixMatchesTheFamily) {
  for (uint16_t raw = 0; raw < protocol::kOpCount; ++raw) {
    const auto op = static_cast<OpKind>(raw);
    const std::string name = opName(op);
    const std::string prefix = name.substr(0, name.find('_'));
    switch (opFamily(op)) {
    case ObjectFamily::Process:
      EXPECT_EQ(prefix, "process") << name;
      break;
    case ObjectFamily::Thread:
      EXPECT_EQ(prefix, "thread") << name;
      break;
    case ObjectFamily::Mutex:
      EXPECT_EQ(prefix, "mutex") << name;
      break;
    case ObjectFamily::Semaphore:
      EXPECT_EQ(prefix, "sem") << name;
      break;
    case ObjectFamily::Cond:
      EXPECT_EQ(prefix, "cond") << name;
      break;
    case ObjectFamily::Rwlock:
      EXPECT_EQ(prefix, "rwlock") << name;
      break;
    case ObjectFamily::Barrier:
      EXPECT_EQ(prefix, "barrier") << name;
      break;
    case ObjectFamily::Pipe:
      EXPECT_EQ(prefix, "pipe") << name;
      break;
    case ObjectFamily::Socket:
      EXPECT_EQ(prefix, "socket") << name;
      break;
    case ObjectFamily::Descriptor:
      EXPECT_EQ(prefix, "fd") << name;
      break;
    case ObjectFamily::Epoll:
      EXPECT_EQ(prefix, "epoll") << name;
      break;
    case ObjectFamily::MessageQueue:
      EXPECT_EQ(prefix, "mq") << name;
      break;
    case ObjectFamily::SysvMessageQueue:
    case ObjectFamily::SysvSemaphore:
      EXPECT_EQ(prefix, "sysv") << name;
      break;
    case ObjectFamily::Atomic: // atomics, and plain accesses under race focus
      EXPECT_TRUE(prefix == "atomic" || prefix == "memory") << name;
      break;
    case ObjectFamily::None:
      EXPECT_TRUE(name == "thread_yield" || name == "sem_unlink") << name;
      break;
    }
  }
}

TEST(OperationsTest, InvalidValuesAreRecognised) {
  EXPECT_FALSE(isValidOp(protocol::kOpCount));
  EXPECT_FALSE(isValidOp(0xffff));
  const auto bad = static_cast<OpKind>(protocol::kOpCount);
  EXPECT_STREQ(opName(bad), "invalid_op");
  EXPECT_STREQ(opName(static_cast<OpKind>(0xffff)), "invalid_op");
  EXPECT_EQ(opFamily(bad), ObjectFamily::None);

  OpKind out = OpKind::mutex_lock;
  for (const char *name : {"", "invalid_op", "count", "MUTEX_LOCK", "mutex_lock ", " mutex_lock",
                           "mutex", "mutex_lockx", "pthread_mutex_lock"}) {
    EXPECT_FALSE(opFromName(name, out)) << '"' << name << '"';
    EXPECT_EQ(out, OpKind::mutex_lock) << "left untouched on failure";
  }
  EXPECT_FALSE(opFromName(std::string_view("mutex_lock\0", 11), out));
}

} // namespace
} // namespace lockstep::models
