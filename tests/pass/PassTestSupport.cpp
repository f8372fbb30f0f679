// Implementation of the pass tests' helpers: temporary directories, fork/exec with captured
// output, the compile-link-run sequence and the parser of the recorder's log.
#include "PassTestSupport.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace lockstep::runtime::test {

const char *const kPassPlugin = LOCKSTEP_TEST_PASS_PLUGIN;
const char *const kRecorderLibrary = LOCKSTEP_TEST_RECORDER;
const char *const kCcWrapper = LOCKSTEP_TEST_CC_WRAPPER;
const char *const kCxxWrapper = LOCKSTEP_TEST_CXX_WRAPPER;
const char *const kClang = LOCKSTEP_TEST_CLANG;
const char *const kClangxx = LOCKSTEP_TEST_CLANGXX;

namespace {

std::string readFile(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  std::ostringstream Text;
  Text << In.rdbuf();
  return Text.str();
}

std::vector<std::string> splitTabs(const std::string &Line) {
  std::vector<std::string> Fields;
  std::string::size_type Start = 0;
  while (true) {
    std::string::size_type Tab = Line.find('\t', Start);
    Fields.push_back(Line.substr(Start, Tab - Start));
    if (Tab == std::string::npos)
      return Fields;
    Start = Tab + 1;
  }
}

std::string describe(const std::vector<std::string> &Argv, const ProcessResult &Result) {
  std::string Text = "$";
  for (const std::string &Arg : Argv)
    Text += " " + Arg;
  return Text + "\n(exit " + std::to_string(Result.exitCode) + ")\n" + Result.output +
         Result.errors;
}

} // namespace

std::vector<Record> readRecords(const std::string &Path) {
  std::vector<Record> Records;
  std::ifstream In(Path);
  std::string Line;
  while (std::getline(In, Line)) {
    std::vector<std::string> Fields = splitTabs(Line);
    if (Fields.size() != 9) {
      ADD_FAILURE() << "malformed record line: " << Line;
      continue;
    }
    Record R;
    R.kind = Fields[0];
    R.size = std::stoll(Fields[1]);
    R.order = std::stoi(Fields[2]);
    R.failureOrder = std::stoi(Fields[3]);
    R.op = std::stoi(Fields[4]);
    R.line = static_cast<unsigned>(std::stoul(Fields[5]));
    R.column = static_cast<unsigned>(std::stoul(Fields[6]));
    R.function = Fields[7];
    R.file = Fields[8];
    Records.push_back(R);
  }
  return Records;
}

std::vector<Record> onLine(const std::vector<Record> &Records, unsigned Line) {
  std::vector<Record> Selected;
  for (const Record &R : Records)
    if (R.line == Line)
      Selected.push_back(R);
  return Selected;
}

std::vector<Record> ofKind(const std::vector<Record> &Records, const std::string &Kind) {
  std::vector<Record> Selected;
  for (const Record &R : Records)
    if (R.kind == Kind)
      Selected.push_back(R);
  return Selected;
}

std::vector<Record> atomicsOnly(const std::vector<Record> &Records) {
  std::vector<Record> Selected;
  for (const Record &R : Records)
    if (R.kind.rfind("atomic_", 0) == 0)
      Selected.push_back(R);
  return Selected;
}

unsigned lineOf(const std::string &Source, const std::string &Marker) {
  std::istringstream In(Source);
  std::string Line;
  unsigned Number = 0;
  unsigned Found = 0;
  while (std::getline(In, Line)) {
    ++Number;
    if (Line.find(Marker) == std::string::npos)
      continue;
    if (Found != 0) {
      ADD_FAILURE() << "marker " << Marker << " appears on lines " << Found << " and " << Number;
      return 0;
    }
    Found = Number;
  }
  if (Found == 0)
    ADD_FAILURE() << "marker " << Marker << " not found";
  return Found;
}

TempDir::TempDir() {
  std::string Pattern = (std::filesystem::temp_directory_path() / "lockstep-pass-XXXXXX").string();
  if (!mkdtemp(Pattern.data()))
    ADD_FAILURE() << "mkdtemp failed: " << std::strerror(errno);
  path_ = Pattern;
}

TempDir::~TempDir() {
  std::error_code Ignored;
  std::filesystem::remove_all(path_, Ignored);
}

std::string TempDir::write(const std::string &Name, const std::string &Content) const {
  std::string Path = file(Name);
  std::ofstream Out(Path, std::ios::binary);
  Out << Content;
  return Path;
}

ProcessResult runProcess(const std::vector<std::string> &Argv, const Environment &Extra,
                         const std::string &WorkingDir) {
  TempDir Capture;
  std::string OutPath = Capture.file("stdout");
  std::string ErrPath = Capture.file("stderr");
  ProcessResult Result;
  pid_t Child = fork();
  if (Child < 0) {
    Result.errors = std::string("fork failed: ") + std::strerror(errno);
    return Result;
  }
  if (Child == 0) {
    int Out = open(OutPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int Err = open(ErrPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (Out < 0 || Err < 0 || dup2(Out, 1) < 0 || dup2(Err, 2) < 0)
      _exit(126);
    if (!WorkingDir.empty() && chdir(WorkingDir.c_str()) != 0)
      _exit(126);
    for (const auto &[Name, Value] : Extra)
      setenv(Name.c_str(), Value.c_str(), 1);
    std::vector<char *> Args;
    for (const std::string &Arg : Argv)
      Args.push_back(const_cast<char *>(Arg.c_str()));
    Args.push_back(nullptr);
    execvp(Args[0], Args.data());
    dprintf(2, "cannot exec %s: %s\n", Args[0], std::strerror(errno));
    _exit(127);
  }
  int Status = 0;
  while (waitpid(Child, &Status, 0) < 0 && errno == EINTR) {
  }
  Result.exitCode = WIFEXITED(Status) ? WEXITSTATUS(Status) : 128 + WTERMSIG(Status);
  Result.output = readFile(OutPath);
  Result.errors = readFile(ErrPath);
  return Result;
}

ProgramRun buildAndRun(const TempDir &Dir, Language Lang, const std::string &FileName,
                       const std::string &Source, const std::string &OptLevel,
                       const std::vector<std::string> &ExtraFlags) {
  ProgramRun Run;
  Run.sourcePath = Dir.write(FileName, Source);
  std::string Object = Dir.file(FileName + ".o");
  std::string Program = Dir.file(FileName + ".bin");
  std::string Log = Dir.file(FileName + ".records");
  const char *Driver = Lang == Language::Cxx ? kClangxx : kClang;

  std::vector<std::string> Compile = {Driver, "-c", OptLevel, "-g",
                                      std::string("-fpass-plugin=") + kPassPlugin};
  Compile.insert(Compile.end(), ExtraFlags.begin(), ExtraFlags.end());
  Compile.insert(Compile.end(), {Run.sourcePath, "-o", Object});
  ProcessResult Compiled = runProcess(Compile);
  Run.buildLog = describe(Compile, Compiled);
  if (Compiled.exitCode != 0)
    return Run;

  std::string RecorderDir = std::filesystem::path(kRecorderLibrary).parent_path().string();
  std::vector<std::string> Link = {
      Driver, Object, kRecorderLibrary, "-Wl,-rpath," + RecorderDir, "-pthread", "-o", Program};
  ProcessResult Linked = runProcess(Link);
  Run.buildLog += describe(Link, Linked);
  if (Linked.exitCode != 0)
    return Run;

  Run.built = true;
  Run.process = runProcess({Program}, {{"LOCKSTEP_RECORD_FILE", Log}});
  Run.records = readRecords(Log);
  return Run;
}

} // namespace lockstep::runtime::test
