// Helpers for the pass and wrapper tests: a self-deleting temporary directory, running a
// process with extra environment variables, compiling a test program with the real clang 14 and
// the real LockstepPass.so, linking it against the recording runtime stub (recorder.c) and
// reading back what the stub recorded, one Record per callback invocation.
#ifndef LOCKSTEP_TESTS_PASS_PASSTESTSUPPORT_H
#define LOCKSTEP_TESTS_PASS_PASSTESTSUPPORT_H

#include <string>
#include <utility>
#include <vector>

namespace lockstep::runtime::test {

// Paths baked in by tests/pass/CMakeLists.txt.
extern const char *const kPassPlugin;
extern const char *const kRecorderLibrary;
extern const char *const kCcWrapper;
extern const char *const kCxxWrapper;
extern const char *const kClang;
extern const char *const kClangxx;

// One line of the recorder's log (format in recorder.c); -1 where a field does not apply.
struct Record {
  std::string kind;
  long long size = -1;
  int order = -1;
  int failureOrder = -1;
  int op = -1;
  unsigned line = 0;
  unsigned column = 0;
  std::string function;
  std::string file;
};

std::vector<Record> readRecords(const std::string &Path);
std::vector<Record> onLine(const std::vector<Record> &Records, unsigned Line);
std::vector<Record> ofKind(const std::vector<Record> &Records, const std::string &Kind);
// Records whose kind starts with "atomic_".
std::vector<Record> atomicsOnly(const std::vector<Record> &Records);

// The 1-based line of the only line of `Source` containing `Marker`; 0 (and a test failure)
// when there is no such line or more than one.
unsigned lineOf(const std::string &Source, const std::string &Marker);

class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  const std::string &path() const { return path_; }
  std::string file(const std::string &Name) const { return path_ + "/" + Name; }
  // Writes `Content` to file(Name) and returns that path.
  std::string write(const std::string &Name, const std::string &Content) const;

private:
  std::string path_; // absolute, created by mkdtemp, removed with its contents on destruction
};

struct ProcessResult {
  int exitCode = -1; // the exit status, or 128 + signal number when killed
  std::string output;
  std::string errors;
};

using Environment = std::vector<std::pair<std::string, std::string>>;

// Runs Argv[0] (searched on PATH) with `Extra` added to the environment, in `WorkingDir` when
// not empty, capturing stdout and stderr.
ProcessResult runProcess(const std::vector<std::string> &Argv, const Environment &Extra = {},
                         const std::string &WorkingDir = "");

enum class Language { C, Cxx };

struct ProgramRun {
  bool built = false;
  std::string buildLog; // compiler and linker diagnostics, for failure messages
  ProcessResult process;
  std::vector<Record> records;
  std::string sourcePath;
};

// Writes `Source` as Dir/FileName, compiles it with `clang -c <OptLevel> -g
// -fpass-plugin=LockstepPass.so <ExtraFlags>`, links the object with the recorder (-pthread),
// runs it with LOCKSTEP_RECORD_FILE set and returns what happened.
ProgramRun buildAndRun(const TempDir &Dir, Language Lang, const std::string &FileName,
                       const std::string &Source, const std::string &OptLevel,
                       const std::vector<std::string> &ExtraFlags = {});

} // namespace lockstep::runtime::test

#endif // LOCKSTEP_TESTS_PASS_PASSTESTSUPPORT_H
