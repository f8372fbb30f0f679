// Unit tests of the descriptor table and the pipe model (models/src/descriptor_model.cpp,
// pipe_model.cpp): enabledness and effects of reads, writes, FIFO opens, closes, fork and exec,
// as pipe(7) and fifo(7) describe them, and the dependence rule of the family.
#include "model_fixture.h"

#include "lockstep/models/dependence.h"
#include "lockstep/models/descriptors.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>

namespace lockstep::models::testing {
namespace {

class PipeModelTest : public ModelTest {
protected:
  // A pipe(2) in process: its object, and the read and write descriptions on fds 3 and 4.
  uint32_t makePipe(int process, uint32_t status = 0) {
    const uint32_t object = addObject(ObjectFamily::Pipe, kObjectInitialised, process);
    pipeInit(cb_, object, false);
    read_ = openDescription(cb_, object, kDescriptionRead, status);
    EXPECT_TRUE(addDescriptor(cb_, process, 3, read_, 0));
    write_ = openDescription(cb_, object, kDescriptionWrite, status);
    EXPECT_TRUE(addDescriptor(cb_, process, 4, write_, 0));
    return object;
  }
  const PipeState &pipe(uint32_t object) const { return cb_.objects[object].pipe; }

  uint32_t read_ = kNoDescription;
  uint32_t write_ = kNoDescription;
};

TEST_F(PipeModelTest, ReadBlocksOnAnEmptyPipeUntilAWrite) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t object = makePipe(0);
  park(p0, OpKind::pipe_read, object, static_cast<int32_t>(read_), 0, 10);
  EXPECT_EQ(enabled(p0), 0); // empty, a writer left: blocked
  const int p1 = addProcessWithAgent(0);
  ASSERT_TRUE(cloneDescriptors(cb_, 0, 1));
  EXPECT_EQ(run(p1, OpKind::pipe_write, object, static_cast<int32_t>(write_), 0, 6).result, 6);
  EXPECT_EQ(pipe(object).buffered, 6U);
  EXPECT_EQ(enabled(p0), 1); // whole only: --short-io is off
  EXPECT_EQ(perform(p0).result, 6);
  EXPECT_EQ(pipe(object).buffered, 0U);
}

TEST_F(PipeModelTest, ShortIoAddsAHalfTransferOnlyWhenItIsShorter) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t object = makePipe(0);
  cb_.flags = kControlShortIo;
  EXPECT_EQ(
      run(p0, OpKind::pipe_write, object, static_cast<int32_t>(write_), 0, 8, kPipeShort).result,
      4);
  park(p0, OpKind::pipe_read, object, static_cast<int32_t>(read_), 0, 100);
  EXPECT_EQ(enabled(p0), (1 << kPipeWhole) | (1 << kPipeShort));
  EXPECT_EQ(perform(p0, kPipeShort).result, 2);
  park(p0, OpKind::pipe_read, object, static_cast<int32_t>(read_), 0, 100);
  EXPECT_EQ(enabled(p0), 1 << kPipeWhole); // one short read per pipe and execution
  cb_.objects[object].pipe.shortRead = 0;
  park(p0, OpKind::pipe_read, object, static_cast<int32_t>(read_), 0, 1);
  EXPECT_EQ(enabled(p0), 1 << kPipeWhole); // one byte cannot be shorter
}

TEST_F(PipeModelTest, EofOnlyWhenEveryWriteDescriptorIsClosedInEveryProcess) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t object = makePipe(0);
  const int p1 = addProcessWithAgent(0);
  ASSERT_TRUE(cloneDescriptors(cb_, 0, 1)); // fork: the child holds both ends too
  EXPECT_EQ(run(p1, OpKind::fd_close, object, static_cast<int32_t>(write_), 0, 4).result, 0);
  EXPECT_EQ(pipe(object).writers, 1U); // the parent's copy keeps the description open
  park(p1, OpKind::pipe_read, object, static_cast<int32_t>(read_), 0, 4);
  EXPECT_EQ(enabled(p1), 0);
  EXPECT_EQ(run(p0, OpKind::fd_close, object, static_cast<int32_t>(write_), 0, 4).result, 0);
  EXPECT_EQ(pipe(object).writers, 0U);
  EXPECT_EQ(enabled(p1), 1);
  EXPECT_EQ(perform(p1).result, 0); // EOF
  EXPECT_EQ(run(p0, OpKind::fd_close, object, -1, 0, 4).result, -EBADF);
}

TEST_F(PipeModelTest, ProcessEndClosesItsDescriptorsAndWritersGetEpipe) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t object = makePipe(0);
  const int p1 = addProcessWithAgent(0);
  ASSERT_TRUE(cloneDescriptors(cb_, 0, 1));
  EXPECT_EQ(run(p0, OpKind::fd_close, object, static_cast<int32_t>(read_), 0, 3).result, 0);
  EXPECT_EQ(pipe(object).readers, 1U);
  retireProcess(cb_, 1, 0); // the child, the last reader, exits
  EXPECT_EQ(pipe(object).readers, 0U);
  EXPECT_EQ(run(p0, OpKind::pipe_write, object, static_cast<int32_t>(write_), 0, 4).result, -EPIPE);
  (void)p1;
}

TEST_F(PipeModelTest, ExecClosesOnlyCloexecDescriptors) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t object = makePipe(0);
  cb_.descriptors[findDescriptor(cb_, 0, 4)].flags = kDescriptorCloexec;
  EXPECT_EQ(run(p0, OpKind::process_exec, kNoObject, 0).result, 0);
  EXPECT_EQ(descriptionAt(cb_, 0, 4), kNoDescription);
  EXPECT_EQ(descriptionAt(cb_, 0, 3), read_);
  EXPECT_EQ(pipe(object).writers, 0U);
}

TEST_F(PipeModelTest, SmallWritesAreAtomicLargeOnesTakeWhatFits) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t object = makePipe(0);
  cb_.objects[object].pipe.buffered = kPipeDefaultCapacity - 100;
  park(p0, OpKind::pipe_write, object, static_cast<int32_t>(write_), 0, 200);
  EXPECT_EQ(enabled(p0), 0); // 200 <= PIPE_BUF: waits for room for all of it
  park(p0, OpKind::pipe_write, object, static_cast<int32_t>(write_), 0, 5000);
  EXPECT_EQ(enabled(p0), 1); // > PIPE_BUF: takes the 100 bytes of room
  EXPECT_EQ(perform(p0).result, 100);
  park(p0, OpKind::pipe_write, object, static_cast<int32_t>(write_), kPipeContinued, 4900);
  EXPECT_EQ(enabled(p0), 0); // full: the rest waits
}

TEST_F(PipeModelTest, NonblockingDescriptionsGetEagainAndTheFlagIsShared) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t object = makePipe(0);
  ASSERT_TRUE(addDescriptor(cb_, 0, 5, read_, 0)); // dup: same description
  EXPECT_EQ(
      run(p0, OpKind::fd_fcntl, object, static_cast<int32_t>(read_), F_SETFL, O_NONBLOCK).result,
      0);
  park(p0, OpKind::pipe_read, object, static_cast<int32_t>(read_), 0, 4);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, -EAGAIN);
  EXPECT_EQ(
      run(p0, OpKind::fd_fcntl, object, static_cast<int32_t>(write_), F_SETPIPE_SZ, 5000).result,
      8192);
  EXPECT_EQ(pipe(object).capacity, 8192U);
}

TEST_F(PipeModelTest, FifoOpenRendezvous) {
  const int p0 = addProcessWithAgent(-1);
  const int p1 = addProcessWithAgent(0);
  const uint32_t fifo = addObject(ObjectFamily::Pipe, kObjectInitialised, 0);
  pipeInit(cb_, fifo, true);
  // A non-blocking writer without a reader: ENXIO, and it is not counted.
  EXPECT_EQ(run(p1, OpKind::pipe_open, fifo, -1, kPipeNonblockOpen, kDescriptionWrite).result,
            -ENXIO);
  EXPECT_EQ(pipe(fifo).writers, 0U);
  // A blocking reader joins at once and waits for a writer's open.
  EXPECT_EQ(run(p0, OpKind::pipe_open, fifo, -1, 0, kDescriptionRead).result, kPipeOpenWaits);
  park(p0, OpKind::pipe_open_wait, fifo, -1, kPipeWaitForWriter, pipe(fifo).writeOpens);
  EXPECT_EQ(enabled(p0), 0);
  // The writer sees the waiting reader and proceeds; the reader then leaves its wait.
  EXPECT_EQ(run(p1, OpKind::pipe_open, fifo, -1, 0, kDescriptionWrite).result, 0);
  EXPECT_EQ(enabled(p0), 1);
  // O_RDWR never waits.
  EXPECT_EQ(run(p1, OpKind::pipe_open, fifo, -1, 0, kDescriptionRead | kDescriptionWrite).result,
            0);
  EXPECT_EQ(pipe(fifo).readers, 2U);
  EXPECT_EQ(pipe(fifo).writers, 2U);
}

// A socket pair: two channels; shutdown(SHUT_WR) of one end gives the other EOF once drained,
// and the end that shut down gets EPIPE when it writes.
TEST_F(PipeModelTest, SocketPairChannelsAndShutdown) {
  const int p0 = addProcessWithAgent(-1);
  const uint32_t pair = addObject(ObjectFamily::Socket, kObjectInitialised, 0);
  socketPairInit(cb_, pair);
  const uint32_t both = kDescriptionRead | kDescriptionWrite;
  const uint32_t end0 = openDescription(cb_, pair, both, 0);
  ASSERT_TRUE(addDescriptor(cb_, 0, 3, end0, 0));
  const uint32_t end1 = openDescription(cb_, pair, both | kDescriptionSide1, 0);
  ASSERT_TRUE(addDescriptor(cb_, 0, 4, end1, 0));
  EXPECT_EQ(run(p0, OpKind::pipe_write, pair, static_cast<int32_t>(end0), 0, 4).result, 4);
  park(p0, OpKind::pipe_read, pair, static_cast<int32_t>(end0), 0, 4);
  EXPECT_EQ(enabled(p0), 0); // end 0 reads what end 1 writes: nothing yet
  EXPECT_EQ(run(p0, OpKind::fd_shutdown, pair, static_cast<int32_t>(end0), SHUT_WR).result, 0);
  EXPECT_EQ(run(p0, OpKind::pipe_write, pair, static_cast<int32_t>(end0), 0, 4).result, -EPIPE);
  EXPECT_EQ(run(p0, OpKind::pipe_read, pair, static_cast<int32_t>(end1), 0, 8).result, 4);
  EXPECT_EQ(run(p0, OpKind::pipe_read, pair, static_cast<int32_t>(end1), 0, 8).result, 0); // EOF
  EXPECT_TRUE(closeDescriptor(cb_, 0, 4)); // end 1 gone: end 0 reads EOF, not a wait
  park(p0, OpKind::pipe_read, pair, static_cast<int32_t>(end0), 0, 4);
  EXPECT_EQ(enabled(p0), 1);
  EXPECT_EQ(perform(p0).result, 0);
}

TEST_F(PipeModelTest, DependenceOfPipeSteps) {
  addProcessWithAgent(-1);
  addProcessWithAgent(0);
  addProcessWithAgent(0);
  const int32_t agentProcess[] = {0, 1, 2};
  const int32_t processParent[] = {-1, 0, 0};
  const DependenceContext c{agentProcess, 3, processParent, 3};
  const Event read1{1, OpKind::pipe_read, 0, 0};
  const Event read2{2, OpKind::pipe_read, 0, 0};
  const Event write0{0, OpKind::pipe_write, 0, 1};
  const Event otherPipe{2, OpKind::pipe_write, 1, 3};
  const Event dup2{2, OpKind::fd_dup, 0, 0};
  const Event close0{0, OpKind::fd_close, 0, 1};
  const Event exit2{2, OpKind::process_exit, kNoObject, 2};
  EXPECT_TRUE(dependent(read1, read2, c));
  EXPECT_TRUE(dependent(read1, write0, c));
  EXPECT_TRUE(dependent(read1, close0, c));
  EXPECT_FALSE(dependent(read1, otherPipe, c));
  EXPECT_FALSE(dependent(read1, dup2, c));
  EXPECT_TRUE(dependent(read1, exit2, c));     // exit closes descriptors it does not name
  EXPECT_TRUE(dependent(read2, otherPipe, c)); // one process: one descriptor table
}

} // namespace
} // namespace lockstep::models::testing
