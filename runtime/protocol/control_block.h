// The control block: the one shared mapping (a memfd) through which the checker and every
// process of the program under test cooperate. The checker creates it, writes the plan and
// resets it before each execution; the runtime inside the program registers agents and objects,
// keeps the models' state, passes the turn through the per-agent futex words and appends the
// trace. The checker reads everything back after the execution and validates every field,
// because the program under test may have scribbled on it.
//
// This header is the protocol between runtime and checker: plain data only (no pointers, fixed
// sizes), versioned by kProtocolVersion. Change a layout, bump the version.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lockstep::protocol {

inline constexpr uint32_t kMagic = 0x4c4b5354; // "LKST"
inline constexpr uint32_t kProtocolVersion = 9;

inline constexpr int kMaxAgents = 64; // threads of all processes; enabled sets are 64-bit masks
inline constexpr int kMaxProcesses = 64;
inline constexpr int kMaxObjects = 2048;
inline constexpr int kMaxModules = 32;
inline constexpr int kMaxNamed = 64;
inline constexpr int kMaxVariants =
    8; // outcomes one operation may explore (variant mask is 8 bits)
inline constexpr uint32_t kNoObject = 0xffffffffU;
inline constexpr uint8_t kAnyVariant = 0xff;
inline constexpr size_t kMessageSize = 512;
inline constexpr size_t kPathSize = 256;
inline constexpr size_t kWhereSize = 64;

enum class OpKind : uint16_t {
#define LOCKSTEP_OP(name, family) name,
#include "ops.def"
#undef LOCKSTEP_OP
  count
};
inline constexpr uint16_t kOpCount = static_cast<uint16_t>(OpKind::count);

enum class ObjectFamily : uint8_t {
  None,
  Process,
  Thread,
  Mutex,
  Semaphore,
  Cond,
  Rwlock,
  Barrier,
  // Families reserved for the IPC and memory models (issues 3 and 5); each gets its model, its
  // dependence rule and its dispatch when its operations are added to ops.def.
  Pipe,             // pipes and FIFOs: a kernel pipe buffer
  Socket,           // AF_UNIX and loopback TCP sockets
  MessageQueue,     // POSIX message queues
  SysvMessageQueue, // System V msgget queues
  SysvSemaphore,    // System V semaphore sets
  Atomic,           // an atomic location in tracked memory
  Descriptor,       // operations on a file descriptor as such (close, dup, poll...)
  Epoll,            // epoll: an epoll instance (its interest list is in ControlBlock::epoll)
};

enum class AgentState : uint32_t {
  Free = 0,
  Starting, // created, running eagerly to its first visible operation
  Running,  // holds the turn
  Parked,   // published its pending operation, waits for the turn
  Exited,
};

enum class ProcessState : uint32_t { Free = 0, Live, Zombie, Reaped };

enum class ExecutionState : uint32_t {
  Running = 0,
  Finished, // every agent exited
  Stopped,  // a verdict was written; the checker ends the execution
};

enum class VerdictKind : uint32_t {
  None = 0,
  Deadlock,
  Assertion,
  Crash,
  Misuse,
  Livelock,    // --max-steps reached
  Divergence,  // the plan named an agent or variant that is not enabled
  Unsupported, // the program made a call Lockstep refuses (vfork, too many agents...)
  Internal,    // a runtime invariant failed
};

// Where a call was made: module index (into ControlBlock::modules) and offset of the return
// address relative to the module's load bias. module == kNoModule when unknown.
inline constexpr uint16_t kNoModule = 0xffff;
struct CallSite {
  uint16_t module;
  uint16_t reserved;
  uint32_t offset;
};

// Names an object so that every process agrees. Shared memory: device, inode and offset in the
// file behind the mapping. Private memory: the process index and the address.
// Kernel: a kernel object named by the device and inode of its file (pipe, FIFO, socket, POSIX
// message queue). SysV: a System V IPC object; `device` is its NamedKind, `inode` its id.
enum class KeySpace : uint32_t { Shared = 1, Private = 2, Name = 3, Kernel = 4, SysV = 5 };
struct ObjectKey {
  KeySpace space;
  uint32_t process; // Private only
  uint64_t device;  // Shared only; Name: hash of the name
  uint64_t inode;   // Shared only
  uint64_t offset;  // Shared: offset in file; Private: address
};

enum class MutexType : uint8_t { Normal = 0, Recursive = 1, ErrorCheck = 2 };

struct MutexState {
  int32_t owner;  // agent index, -1 when free
  uint32_t count; // recursion depth while owned
  MutexType type;
  uint8_t robust;        // PTHREAD_MUTEX_ROBUST
  uint8_t ownerDied;     // robust: owner died, next locker gets EOWNERDEAD
  uint8_t inconsistent;  // robust: EOWNERDEAD returned, pthread_mutex_consistent not yet called
  uint8_t unrecoverable; // robust: unlocked while inconsistent
  uint8_t reserved[3];
};

struct SemaphoreState {
  int64_t value;
  uint8_t named; // sem_open rather than sem_init
  uint8_t reserved[7];
};

// A condition variable. `waiters` is its wait set: agents that called pthread_cond_wait and were
// neither signalled nor timed out. `mutex` is the object index of the mutex bound to it while the
// wait set is not empty (POSIX's dynamic binding), kNoObject otherwise.
struct CondState {
  uint64_t waiters;
  uint32_t mutex;
  uint32_t reserved;
};

// glibc's rwlock kinds (pthread_rwlockattr_setkind_np). PreferWriter behaves like PreferReader
// in glibc; PreferWriterNonrecursive blocks new readers while a writer waits.
enum class RwlockKind : uint8_t {
  PreferReader = 0,
  PreferWriter = 1,
  PreferWriterNonrecursive = 2
};

// A read-write lock: the writer (agent, -1 when none), or the readers with the depth of each
// one's read locks (readDepth[a] > 0 iff bit a of readerMask is set).
struct RwlockState {
  int32_t writer;
  uint32_t readers; // sum of readDepth
  uint64_t readerMask;
  RwlockKind kind;
  uint8_t reserved[7];
  uint8_t readDepth[kMaxAgents];
};

// A barrier: `count` arrivals release a generation; `arrived` agents of the current generation
// wait (their bits in arrivedMask). `generation` counts the releases.
struct BarrierState {
  uint32_t count;
  uint32_t arrived;
  uint64_t arrivedMask;
  uint32_t generation;
  uint32_t reserved;
};

// Issue 5: a POSIX message queue (mq_open). `count` messages are queued; the kernel keeps their
// bytes and priorities, the model only needs the count to decide whether send or receive blocks.
struct MessageQueueState {
  int64_t maxMessages; // mq_maxmsg
  int64_t messageSize; // mq_msgsize
  int64_t count;       // mq_curmsgs, 0 <= count <= maxMessages
};

// Issue 5: a System V semaphore set (semget) of `count` <= kMaxSysvSems semaphores.
inline constexpr int kMaxSysvSems = 32;
struct SysvSemaphoreState {
  int32_t id;      // the kernel's semid
  uint16_t count;  // nsems
  uint8_t removed; // IPC_RMID: every waiter fails with EIDRM
  uint8_t reserved;
  uint16_t values[kMaxSysvSems]; // semval (0..SEMVMX = 32767)
};

// Issue 5: a System V message queue (msgget). Its messages' types and sizes are in
// ControlBlock::sysvMessages (the kernel keeps the bytes).
struct SysvMessageQueueState {
  int32_t id;      // the kernel's msqid
  uint8_t removed; // IPC_RMID: every waiter fails with EIDRM
  uint8_t reserved[3];
  int64_t maxBytes; // msg_qbytes
  int64_t bytes;    // msg_cbytes
  int64_t count;    // msg_qnum
};

// An atomic location (issue 3). `version` counts the accesses that changed its value (what wakes
// a spinning agent, see SpinRun); `value` is the value it held after the last visible access.
struct AtomicState {
  uint64_t value;
  uint32_t version;
  uint8_t size; // bytes of the last access
  uint8_t reserved[3];
};

// A pipe or FIFO (pipe(7), fifo(7)): the bytes in its buffer and its capacity, and the open file
// descriptions that read and write it (`readers`, `writers`; a FIFO reader or writer waiting in
// open(2) already counts, as in Linux's fifo_open). readOpens and writeOpens count every open for
// reading and writing (Linux's r_counter and w_counter): a blocked FIFO open waits for the
// other side's counter to change.
struct PipeState {
  uint32_t buffered;
  uint32_t capacity;
  uint32_t readers;
  uint32_t writers;
  uint32_t readOpens;
  uint32_t writeOpens;
  uint8_t fifo;       // a named FIFO rather than a pipe(2)
  uint8_t shortRead;  // --short-io: a read already came up short (one per pipe and execution)
  uint8_t shortWrite; // likewise for a write
  uint8_t reserved[5];
};

// An AF_UNIX stream socket pair (socketpair(2)): two pipe-like channels, channel[i] carrying the
// bytes toward end i. The description of end i (kDescriptionSide1 clear for end 0) reads
// channel[i] and writes channel[1 - i]; shutdown(SHUT_WR) of an end gives EOF to the other.
struct SocketPairState {
  PipeState channel[2];
};

// Sockets beyond socketpair (models/src/socket_model.cpp, docs/sockets.md): an AF_UNIX or
// loopback TCP stream socket from socket(2). `channel` overlays SocketPairState::channel: once
// connected, the client's socket object is the connection (end 0 the client, end 1 the accepted
// socket). Addresses are virtual (socket_model.h: socketAddress); `realInode` names the real
// listener's abstract AF_UNIX address, through which the real connection is made.
struct SocketState {
  PipeState channel[2];
  uint8_t role;     // SocketRole (socket_model.h); 0: connected (as a socket pair)
  uint8_t domain;   // AF_UNIX or AF_INET
  uint8_t accepted; // connection: taken by accept
  uint8_t reserved;
  uint32_t backlog;  // listening: listen(2)'s backlog, clamped
  uint32_t queued;   // listening: connections in the accept queue
  uint32_t listener; // connection waiting in an accept queue: the listener, else kNoObject
  uint32_t ticket;   // connection: its place in the queue; listener: the next ticket
  uint32_t reserved2;
  uint64_t realInode; // listening: the real socket's inode
  uint64_t local;     // bound address (0: none); connection: the client's
  uint64_t peer;      // connection: the listener's address
};

// Object flags.
inline constexpr uint32_t kObjectShared = 1U << 0; // lives in a MAP_SHARED mapping
inline constexpr uint32_t kObjectPshared = 1U
                                           << 1; // initialised PTHREAD_PROCESS_SHARED / pshared=1
inline constexpr uint32_t kObjectInitialised = 1U << 2; // seen through an init call
inline constexpr uint32_t kObjectDestroyed = 1U << 3;
// AF_UNIX SOCK_DGRAM socket pair (docs/sockets.md): its channels queue datagrams
// (DatagramTable); PipeState::buffered is the sending end's kernel memory charge (SIOCOUTQ),
// capacity its SO_SNDBUF, shortWrite "ECONNREFUSED already reported" (then ENOTCONN).
inline constexpr uint32_t kObjectDatagram = 1U << 4;

struct ObjectRecord {
  ObjectKey key;
  ObjectFamily family;
  uint8_t reserved[3];
  uint32_t flags;
  int32_t homeProcess;  // the process that initialised it (first used it)
  uint16_t whereModule; // private memory inside a module: module index, else kNoModule
  uint16_t reserved2;
  uint64_t whereOffset;   // module-relative address or offset in the shared mapping
  char where[kWhereSize]; // shared mapping name ("anonymous shared mapping", "/dev/shm/x")
  union {
    MutexState mutex;
    SemaphoreState sem;
    CondState cond;
    RwlockState rwlock;
    BarrierState barrier;
    MessageQueueState mq;          // issue 5
    SysvSemaphoreState sysvSem;    // issue 5
    SysvMessageQueueState sysvMsg; // issue 5
    AtomicState atomic;
    PipeState pipe;
    SocketPairState socketPair;
    SocketState socket; // sockets
  };
};

// What an agent is about to do. Written by the agent before it yields; read by whoever decides.
struct PendingOp {
  OpKind kind;
  uint16_t reserved;
  uint32_t object; // object index or kNoObject
  int32_t target;  // process index (wait/fork), agent index (join), -1 = any child
  uint32_t flags;  // operation-specific (waitpid WNOHANG...)
  int64_t arg;
  CallSite site;
};

struct AgentRecord {
  AgentState state;
  uint32_t turn; // futex word: 1 when this agent may run
  int32_t process;
  int32_t threadIndex; // 0 for the main thread; P<process>.T<threadIndex>
  int32_t tid;
  int32_t resumeAgent; // Starting agents hand the turn back to this agent (their creator)
  uint8_t detached;
  uint8_t joined;
  // 1 when the agent was parked with `pending` when another agent's kill ended its process: the
  // operation it could have run before the kill (DPOR reverses the kill with it).
  uint8_t killedPending;
  uint8_t reserved[5];
  PendingOp pending;
};

struct ProcessRecord {
  ProcessState state;
  int32_t parent; // process index, -1 for the root
  int32_t pid;
  int32_t mainAgent;
  int32_t liveThreads;
  int32_t nextThreadIndex;
  int32_t exitStatus; // wait status (as from waitpid) once a zombie
  uint32_t reserved;
};

// One step of the execution: agent `agent` performed `op` on `object` with outcome `variant`.
// `enabled` is the set of agents that could have been chosen; `variants` the outcomes the chosen
// agent's operation could have taken. `result` is the operation's return value.
struct StepRecord {
  uint16_t agent;
  uint8_t variant;
  uint8_t variants;
  OpKind op;
  uint16_t flags; // kStep*
  uint32_t object;
  int32_t target;
  uint64_t enabled;
  int64_t result;
  CallSite site;
};

// StepRecord::flags.
inline constexpr uint16_t kStepWaitedForOne = 1U << 0; // process_wait named its child (pid > 0)
inline constexpr uint16_t kStepGotData = 1U << 1;      // pipe_read returned bytes (not EOF/error)
inline constexpr uint16_t kStepTookLast = 1U << 2; // sem_wait took the last unit (the value was 1)
inline constexpr uint16_t kStepKeptAddresses = 1U << 3; // sockets: fd_close freed no address

struct PlanEntry {
  uint16_t agent;
  uint8_t variant;  // kAnyVariant: the lowest enabled
  uint8_t reserved; // 0, or kPlanSoft
};

// A soft plan entry (DPOR's wakeup sequences) is a wish, not an order: when its agent is not
// enabled the default policy chooses, and when its variant is not enabled the lowest enabled
// one is taken. Replayed schedules are never soft: a mismatch there is a divergence.
inline constexpr uint8_t kPlanSoft = 0x01;

struct ModuleRecord {
  char path[kPathSize];
};

// What a NamedObjectRecord names; the checker removes each kind its own way after an execution.
enum class NamedKind : uint32_t {
  Semaphore = 1,        // sem_open: sem_unlink(name)
  MessageQueue = 2,     // mq_open: mq_unlink(name)
  Fifo = 3,             // mkfifo: unlink(path)
  SharedMemory = 4,     // shm_open: shm_unlink(name)
  SysvMessageQueue = 5, // msgget: msgctl(id, IPC_RMID); name holds the id in decimal
  SysvSemaphore = 6,    // semget: semctl(id, 0, IPC_RMID)
  SysvSharedMemory = 7, // shmget: shmctl(id, IPC_RMID)
  SocketPath = 8,       // sockets: bind of an AF_UNIX path: unlink(path)
};

struct NamedObjectRecord {
  NamedKind kind;
  uint32_t reserved;
  char name[kPathSize];
};

struct Verdict {
  VerdictKind kind;
  int32_t agent;
  uint32_t step; // index of the step at which the bug shows (the trace length when found)
  uint32_t reserved;
  CallSite site;
  char message[kMessageSize];
};

// Protocol 3: the sleep set (Godefroid; Source/Optimal DPOR) that holds before the plan's last
// step. Each sleeper is an agent whose next step (the event) was already explored from an
// earlier state and commutes with everything since. From the plan's last step on, the scheduler
// wakes a sleeper when a step dependent with its event executes; past the plan it never runs a
// sleeper, and ends the execution as sleep-blocked (sleepBlocked = 1, state Stopped, no verdict)
// when every enabled agent is asleep.
struct SleepEntry {
  uint16_t agent;
  OpKind op;
  uint32_t object;
  int32_t target;
};

// In a checker-side plan (never in the block), entries whose `reserved` is kPlanSleeperTag are
// not steps: each run of kPlanWordsPerSleeper of them packs one SleepEntry, 16 bits per entry in
// `agent`. The executor moves them into ControlBlock::sleep.
inline constexpr uint8_t kPlanSleeperTag = 0x5a;
inline constexpr int kPlanWordsPerSleeper = 6;

// Per-agent extra words of a pending operation; their meaning belongs to the operation's model.
inline constexpr int kPayloadWords = 32;
struct OpPayload {
  uint32_t count; // words in use
  uint32_t reserved;
  uint64_t words[kPayloadWords];
};

// Issue 5: the virtual clock. Every clock read returns a time derived from `advanced` (what
// sleeps and timed-out waits added), the step count and `reads` (one nanosecond per read), so
// time is deterministic per schedule and strictly increasing (models/virtual_clock.h).
struct VirtualClock {
  int64_t advanced; // nanoseconds
  uint64_t reads;
};

// Issue 5: SEM_UNDO adjustments (semadj) of System V semaphores, per process and semaphore,
// applied when the process exits. count <= kMaxSemUndo; an entry with adjust == 0 is free.
inline constexpr int kMaxSemUndo = 128;
struct SemUndoEntry {
  int32_t process;
  uint32_t object; // the SysvSemaphore object
  uint16_t semaphore;
  int16_t reserved;
  int32_t adjust;
};
struct SemUndoTable {
  uint32_t count;
  uint32_t reserved;
  SemUndoEntry entries[kMaxSemUndo];
};

// Issue 5: the messages queued in System V message queues, oldest first across all queues
// (a queue's messages in order are its entries in table order). count <= kMaxSysvMessages.
inline constexpr int kMaxSysvMessages = 256;
struct SysvMessageEntry {
  uint32_t object; // the SysvMessageQueue object
  uint32_t reserved;
  int64_t type; // mtype >= 1
  uint64_t size;
};
struct SysvMessageTable {
  uint32_t count;
  uint32_t reserved;
  SysvMessageEntry entries[kMaxSysvMessages];
};

// AF_UNIX SOCK_DGRAM socket pairs and datagram sockets from socket(2): the datagrams queued on
// their channels, oldest first across all channels (a channel's datagrams in order are its
// entries in table order). `cost` is the
// kernel memory the datagram charges to its sender (skb truesize, measured with SIOCOUTQ around
// the real send), released when it is received or its receiver closes. count <= kMaxDatagrams.
inline constexpr int kMaxDatagrams = 512;
struct DatagramEntry {
  uint32_t object;  // the socket pair, or the bound datagram socket that receives it
  uint32_t channel; // 0 or 1: the end that receives it (a socket from socket(2): 0)
  uint32_t cost;
  uint32_t length;
  uint32_t sender;  // the object charged with `cost` (a pair: the pair itself)
  uint32_t charged; // the channel of `sender` whose `buffered` holds the charge
};
struct DatagramTable {
  uint32_t count;
  uint32_t reserved;
  DatagramEntry entries[kMaxDatagrams];
};

// Data races (issue 3): the runtime's race detector appends one record per racing pair of code
// locations (deduplicated within the execution); the execution goes on. `regionFd` is the file
// descriptor of the race region (shadow memory and vector clocks, a memfd the root process
// creates at attach), inherited across fork and exec; 0 until the root created it.
inline constexpr int kMaxRaces = 16;
inline constexpr size_t kRaceFileSize = 128;
inline constexpr size_t kRaceFunctionSize = 64;

struct RaceAccess {
  int32_t agent;
  uint8_t write;  // 1: write, 0: read
  uint8_t atomic; // 1: an atomic access
  uint16_t size;  // bytes
  uint32_t line;  // 0 when unknown
  uint32_t column;
  char file[kRaceFileSize];
  char function[kRaceFunctionSize];
};

struct RaceRecord {
  uint32_t step;        // trace length when the second access ran (its replayable prefix)
  uint16_t whereModule; // private memory inside a module: module index, else kNoModule
  uint16_t shared;      // 1: in a shared mapping, `offset` is the offset in it
  uint64_t offset;      // shared: offset in the mapping's file; else module offset or address
  char mapping[kWhereSize];
  RaceAccess first;  // the earlier access
  RaceAccess second; // the access that found the race
};

struct RaceTable {
  int32_t regionFd;
  uint32_t count;   // records in use (<= kMaxRaces)
  uint32_t dropped; // distinct races beyond kMaxRaces
  uint32_t reserved;
  RaceRecord records[kMaxRaces];
};

// Spin loops (issue 3; docs/spin-loops.md). An agent's spin run: the atomic accesses it made since
// its last visible step that changed anything (a write that changed a value, or any operation of
// another family), each with the location's version when made. The agent is spin-blocked when
// its pending access repeats one of them exactly and no location of the run changed since.
inline constexpr int kSpinRunLength = 8;
struct SpinEntry {
  uint32_t object;
  uint32_t version; // the location's AtomicState::version when the access was made
  OpKind op;
  uint16_t reserved;
  uint32_t flags; // PendingOp::flags of the access
  uint64_t arg;   // PendingOp::arg
  uint64_t arg2;  // cmpxchg: the desired value
  CallSite site;
};
struct SpinRun {
  uint32_t count;
  uint32_t reserved;
  SpinEntry entries[kSpinRunLength];
};
// `idle`: consecutive steps forced on a spin-blocked agent because no other agent was enabled.
struct SpinState {
  uint32_t idle;
  uint32_t reserved;
  SpinRun runs[kMaxAgents];
};

// File descriptors (issue 5). An open file description (open(2)) of a modelled object: what it
// refers to, how it was opened (kDescriptionRead/kDescriptionWrite), its status flags (O_NONBLOCK
// is shared by every descriptor that refers to it, across dup and fork) and how many descriptors
// of all processes refer to it. It is free when refs == 0 (object == kNoObject). A descriptor is
// (process, fd) -> description, with its FD_CLOEXEC flag; free when process == -1.
inline constexpr int kMaxDescriptions = 1024;
inline constexpr int kMaxDescriptors = 2048;
inline constexpr uint32_t kDescriptionRead = 1U << 0;
inline constexpr uint32_t kDescriptionWrite = 1U << 1;
inline constexpr uint32_t kDescriptionSide1 = 1U << 2;     // access: end 1 of a socket pair
inline constexpr uint32_t kDescriptionNonblock = 1U << 0;  // FileDescriptionRecord::status
inline constexpr uint32_t kDescriptionShutRead = 1U << 1;  // status: shutdown(SHUT_RD) done
inline constexpr uint32_t kDescriptionShutWrite = 1U << 2; // status: shutdown(SHUT_WR) done
inline constexpr uint32_t kDescriptorCloexec = 1U << 0;    // DescriptorRecord::flags
struct FileDescriptionRecord {
  uint32_t object;
  uint32_t refs;
  uint32_t access;
  uint32_t status;
};
struct DescriptorRecord {
  int32_t process;
  int32_t fd;
  uint32_t description;
  uint32_t flags;
};

// Race focus (issue 3 item 7, docs/races.md): the locations (a shared mapping's name and the
// offset of one 8-byte granule in it, as RaceRecord names them) whose plain accesses are visible
// operations (memory_load / memory_store) in this execution. Written by the checker.
inline constexpr int kMaxFocus = 8;

// FocusLocation::kind: how `mapping` and `offset` name the location.
enum class FocusKind : uint32_t {
  Shared = 0,  // a shared mapping's name and the offset in its backing object
  Module = 1,  // private memory inside a module: the end of its path, the module offset
  Address = 2, // other private memory (heap, stacks): the address (randomization is off)
};

struct FocusLocation {
  char mapping[kWhereSize];
  uint64_t offset;
  FocusKind kind;
  uint32_t reserved;
};

struct FocusTable {
  uint32_t count; // entries in use (<= kMaxFocus)
  uint32_t reserved;
  FocusLocation locations[kMaxFocus];
};

// epoll (issue 5 item 5; epoll(7), epoll_ctl(2)): the interest lists of every epoll instance (an
// object of family Epoll), one entry per watched (file description, fd) pair, as Linux keys them.
// `sequence` orders an instance's entries as Linux's ready list does (an entry reported by a
// level-triggered epoll_wait goes to the tail); `flags` has kEpollEntryDisabled once an
// EPOLLONESHOT entry was reported (until EPOLL_CTL_MOD). An entry is free when object ==
// kNoObject; entries below count may be free and are reused. count <= kMaxEpollEntries.
inline constexpr int kMaxEpollEntries = 256;
inline constexpr uint32_t kEpollEntryDisabled = 1U << 0;
// An EPOLLET entry woken since it was last reported (on Linux's ready list): epoll_wait reports it
// if it is ready then, and clears the flag either way
// (models/include/lockstep/models/epoll_edges.h).
inline constexpr uint32_t kEpollEntryQueued = 1U << 1;
struct EpollEntry {
  uint32_t object;      // the epoll instance
  uint32_t description; // the watched open file description
  int32_t fd;           // the descriptor number given to EPOLL_CTL_ADD
  uint32_t events;      // the requested events (EPOLLIN...; EPOLLONESHOT, EPOLLEXCLUSIVE)
  uint64_t data;        // epoll_data_t
  uint32_t sequence;
  uint32_t flags;
};
struct EpollTable {
  uint32_t count;
  uint32_t sequence; // the last sequence number given
  EpollEntry entries[kMaxEpollEntries];
};

// The fixed part of the control block. The plan and the trace follow it, at planOffset and
// traceOffset, with capacity entries each.
struct ControlBlock {
  uint32_t magic;
  uint32_t version;
  uint64_t totalSize;
  uint32_t capacity;   // plan and trace entries
  uint32_t planLength; // entries of the plan to follow; then the default policy
  uint64_t planOffset;
  uint64_t traceOffset;
  int32_t checkerPid;
  uint32_t maxSteps;

  ExecutionState state;
  uint32_t checkerWord; // futex the checker sleeps on; bumped when the execution ends
  uint32_t stepCount;
  int32_t currentAgent; // the agent that holds the turn (or runs eagerly)
  uint32_t attached;    // set by the first process once the runtime is loaded

  int32_t agentCount;
  int32_t processCount;
  int32_t objectCount;
  int32_t moduleCount;
  int32_t namedCount;

  Verdict verdict;
  AgentRecord agents[kMaxAgents];
  ProcessRecord processes[kMaxProcesses];
  ObjectRecord objects[kMaxObjects];
  ModuleRecord modules[kMaxModules];
  NamedObjectRecord named[kMaxNamed];

  // The sleep set (protocol 3), written by the checker at every reset. sleepCount <= kMaxAgents
  // entries; `asleep` is the mask of the sleepers' agents still asleep, updated by the runtime
  // past the plan; sleepBlocked is set by the runtime when it ended the execution because every
  // enabled agent was asleep.
  uint32_t sleepCount;
  uint32_t sleepBlocked;
  uint64_t asleep;
  SleepEntry sleep[kMaxAgents];

  uint32_t flags; // kControl* options of the run, written by the checker at every reset
  uint32_t reserved2;

  // Protocol 4: what does not fit in PendingOp (the fds of a poll, the operations of a SysV
  // semop...), written by the agent with its pending operation and read by whoever decides.
  OpPayload payload[kMaxAgents];

  // Issue 5: the virtual clock (models/virtual_clock.h) and the SEM_UNDO adjustments of System V
  // semaphores, both reset by the checker before every execution.
  VirtualClock clock;
  SemUndoTable semUndo;
  SysvMessageTable sysvMessages;

  // Data races found in this execution (see RaceTable); reset by the checker.
  RaceTable races;

  // Spin-loop detection (issue 3), reset by the checker before each execution.
  SpinState spin;

  // File descriptors (issue 5, see FileDescriptionRecord): the open file descriptions of the
  // modelled kernel objects (pipes, FIFOs, later sockets) and every process's descriptors that
  // refer to them. Entries below the counts may be free (object / process kNoObject / -1) and are
  // reused. Reset by the checker before each execution.
  int32_t descriptionCount;
  int32_t descriptorCount;
  FileDescriptionRecord descriptions[kMaxDescriptions];
  DescriptorRecord descriptors[kMaxDescriptors];

  // Race focus (issue 3 item 7): set by the checker before each execution (see FocusTable).
  FocusTable focus;

  // epoll (issue 5 item 5, see EpollTable): reset by the checker before each execution.
  EpollTable epoll;

  // Always zero: the checker verifies these words (and the padding before the plan) after every
  // execution and stops with an internal error when something wrote there
  // (ControlBlockFile::damagedGuard). Once, a replay of tests/atomics' flag_one_path found 16
  // bytes ({108353, an address}) at what was then the end of this struct; it never reproduced
  // since (likely a stale runtime build of an older layout).
  uint64_t guard[8];

  // AF_UNIX SOCK_DGRAM socket pairs (see DatagramTable): reset by the checker before each
  // execution.
  DatagramTable datagrams;
};

// ControlBlock::flags.
inline constexpr uint32_t kControlSpuriousWakeups = 1U << 0; // cond waits may wake spuriously
inline constexpr uint32_t kControlShortIo = 1U << 1; // pipe reads and writes may come up short

inline PlanEntry *planOf(ControlBlock *cb) {
  return reinterpret_cast<PlanEntry *>(reinterpret_cast<char *>(cb) + cb->planOffset);
}
inline StepRecord *traceOf(ControlBlock *cb) {
  return reinterpret_cast<StepRecord *>(reinterpret_cast<char *>(cb) + cb->traceOffset);
}
inline const StepRecord *traceOf(const ControlBlock *cb) {
  return reinterpret_cast<const StepRecord *>(reinterpret_cast<const char *>(cb) + cb->traceOffset);
}

// Layout for a given capacity: the fixed part, then the plan, then the trace.
struct Layout {
  uint64_t planOffset;
  uint64_t traceOffset;
  uint64_t totalSize;
};
inline Layout layoutFor(uint32_t capacity) {
  auto align = [](uint64_t v) { return (v + 63) & ~uint64_t{63}; };
  Layout l{};
  l.planOffset = align(sizeof(ControlBlock));
  l.traceOffset = align(l.planOffset + uint64_t{capacity} * sizeof(PlanEntry));
  l.totalSize = align(l.traceOffset + uint64_t{capacity} * sizeof(StepRecord));
  return l;
}

// Environment variable naming the control block's file descriptor in the program.
inline constexpr const char *kControlFdEnv = "LOCKSTEP_CONTROL_FD";
// Environment variable that carries an agent's identity across execve.
inline constexpr const char *kExecAgentEnv = "LOCKSTEP_EXEC_AGENT";

} // namespace lockstep::protocol
