// The FastTrack granule check (models/race_shadow.h): which pairs of accesses race, and which
// earlier accesses a new one replaces.
#include "lockstep/models/race_shadow.h"

#include "lockstep_abi.h"

#include <cstring>

#include <gtest/gtest.h>

namespace lockstep::models {
namespace {

VectorClock clockWith(std::initializer_list<std::pair<int, uint32_t>> entries) {
  VectorClock c{};
  for (const auto &[agent, time] : entries)
    c.at[agent] = time;
  return c;
}

ShadowAccess access(int agent, uint32_t time, uint8_t mask, bool write, bool atomic = false,
                    uint32_t loc = 1) {
  ShadowAccess a{};
  a.time = time;
  a.agent = static_cast<uint8_t>(agent);
  a.mask = mask;
  a.flags = static_cast<uint8_t>((write ? kAccessWrite : 0) | (atomic ? kAccessAtomic : 0));
  a.size = 4;
  a.loc = loc;
  return a;
}

// A cell read as one word is what lockstep_abi.h tells the pass (whose inlined same-epoch test
// reads the cells): time in bits 0-15, agent 16-21, write 22, atomic 23, byte mask 24-31.
TEST(RaceShadow, CellLayoutIsTheAbis) {
  ShadowCell cell{};
  cell.time = 0x1234;
  cell.agent = 63;
  cell.flags = kAccessWrite;
  cell.mask = 0x81;
  uint32_t word = 0;
  static_assert(sizeof cell == sizeof word);
  memcpy(&word, &cell, sizeof word);
  EXPECT_EQ(word, 0x1234U | 63U << 16 | LOCKSTEP_CELL_WRITE | 0x81U << LOCKSTEP_CELL_MASK_SHIFT);
  cell.flags = kAccessAtomic;
  memcpy(&word, &cell, sizeof word);
  EXPECT_EQ(word & ~LOCKSTEP_CELL_EPOCH_BITS & 0x00ffffffU, 0U) << "atomic is an epoch bit";
  EXPECT_EQ(word & LOCKSTEP_CELL_WRITE, 0U);
  EXPECT_EQ(sizeof(ShadowGranule), static_cast<size_t>(LOCKSTEP_GRANULE_SHADOW_BYTES));
}

TEST(GranuleMask, CoversTheAccessedBytes) {
  EXPECT_EQ(granuleMask(0, 8), 0xff);
  EXPECT_EQ(granuleMask(0, 4), 0x0f);
  EXPECT_EQ(granuleMask(4, 4), 0xf0);
  EXPECT_EQ(granuleMask(3, 1), 0x08);
  EXPECT_EQ(granuleMask(6, 4), 0xc0); // clipped at the granule's end
}

// A0 writes at time 1; A1, which has not synchronized with A0 (C_1[0] = 0), reads: race.
TEST(RaceShadow, ConcurrentWriteThenReadRaces) {
  ShadowGranule g{};
  ShadowSources s{};
  EXPECT_FALSE(checkAndRecord(g, s, access(0, 1, 0x0f, true), clockWith({{0, 1}}), nullptr));
  ShadowAccess earlier{};
  EXPECT_TRUE(
      checkAndRecord(g, s, access(1, 1, 0x0f, false, false, 2), clockWith({{1, 1}}), &earlier));
  EXPECT_EQ(earlier.agent, 0);
  EXPECT_EQ(earlier.flags, kAccessWrite);
  EXPECT_EQ(earlier.loc, 1U);
}

// A0 writes at time 1, then releases; A1 acquired it (C_1[0] = 1): ordered, no race.
TEST(RaceShadow, OrderedAccessesDoNotRace) {
  ShadowGranule g{};
  ShadowSources s{};
  checkAndRecord(g, s, access(0, 1, 0xff, true), clockWith({{0, 1}}), nullptr);
  EXPECT_FALSE(
      checkAndRecord(g, s, access(1, 1, 0xff, true), clockWith({{0, 1}, {1, 1}}), nullptr));
}

TEST(RaceShadow, ConcurrentReadsDoNotRace) {
  ShadowGranule g{};
  ShadowSources s{};
  checkAndRecord(g, s, access(0, 1, 0xff, false), clockWith({{0, 1}}), nullptr);
  EXPECT_FALSE(checkAndRecord(g, s, access(1, 1, 0xff, false), clockWith({{1, 1}}), nullptr));
  // A later write by a third agent races with both reads; the first found is reported.
  EXPECT_TRUE(checkAndRecord(g, s, access(2, 1, 0xff, true), clockWith({{2, 1}}), nullptr));
}

TEST(RaceShadow, DisjointBytesDoNotRace) {
  ShadowGranule g{};
  ShadowSources s{};
  checkAndRecord(g, s, access(0, 1, 0x0f, true), clockWith({{0, 1}}), nullptr);
  EXPECT_FALSE(checkAndRecord(g, s, access(1, 1, 0xf0, true), clockWith({{1, 1}}), nullptr));
}

TEST(RaceShadow, AtomicAccessesRaceOnlyWithPlainOnes) {
  ShadowGranule g{};
  ShadowSources s{};
  checkAndRecord(g, s, access(0, 1, 0x0f, true, true), clockWith({{0, 1}}), nullptr);
  EXPECT_FALSE(checkAndRecord(g, s, access(1, 1, 0x0f, true, true), clockWith({{1, 1}}), nullptr));
  EXPECT_TRUE(checkAndRecord(g, s, access(2, 1, 0x0f, false), clockWith({{2, 1}}), nullptr));
}

// The same agent's later write replaces its earlier read of the same bytes: one cell is used.
TEST(RaceShadow, SameAgentWriteSubsumesItsRead) {
  ShadowGranule g{};
  ShadowSources s{};
  checkAndRecord(g, s, access(0, 1, 0x0f, false), clockWith({{0, 1}}), nullptr);
  checkAndRecord(g, s, access(0, 2, 0x0f, true), clockWith({{0, 2}}), nullptr);
  int used = 0;
  for (const ShadowCell &c : g.cells)
    used += c.time != 0 ? 1 : 0;
  EXPECT_EQ(used, 1);
  EXPECT_EQ(g.cells[0].flags, kAccessWrite);
}

// Two 4-byte writes of one epoch cover an 8-byte read or write of that epoch (a 16-byte copy of
// an array written element by element), not of the next epoch.
TEST(RaceShadow, SameEpochCoversByTheUnionOfCells) {
  ShadowGranule g{};
  ShadowSources s{};
  checkAndRecord(g, s, access(0, 1, 0x0f, true), clockWith({{0, 1}}), nullptr);
  checkAndRecord(g, s, access(0, 1, 0xf0, true), clockWith({{0, 1}}), nullptr);
  EXPECT_TRUE(sameEpoch(g, access(0, 1, 0xff, false)));
  EXPECT_TRUE(sameEpoch(g, access(0, 1, 0xff, true)));
  EXPECT_FALSE(sameEpoch(g, access(0, 2, 0xff, false)));
  EXPECT_FALSE(sameEpoch(g, access(1, 1, 0xff, false)));
}

// A read does not replace an earlier write (a later read would race with the write only).
TEST(RaceShadow, ReadDoesNotReplaceWrite) {
  ShadowGranule g{};
  ShadowSources s{};
  checkAndRecord(g, s, access(0, 1, 0xff, true), clockWith({{0, 1}}), nullptr);
  checkAndRecord(g, s, access(0, 2, 0xff, false), clockWith({{0, 2}}), nullptr);
  // A1 reads concurrently: races with A0's write, which must still be there.
  ShadowAccess earlier{};
  EXPECT_TRUE(checkAndRecord(g, s, access(1, 1, 0xff, false), clockWith({{1, 1}}), &earlier));
  EXPECT_EQ(earlier.flags, kAccessWrite);
}

} // namespace
} // namespace lockstep::models
