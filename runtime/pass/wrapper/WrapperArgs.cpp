// Implementation of the wrappers' argument logic (see WrapperArgs.h).
#include "WrapperArgs.h"

#include "lockstep/WrapperConfig.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace lockstep::runtime {

namespace {

constexpr const char *kRuntimeLibraryName = "lockstep_rt";

// Options after which clang stops before the link step.
constexpr std::array<std::string_view, 7> kNoLinkOptions = {
    "-c", "-S", "-E", "-M", "-MM", "-fsyntax-only", "--precompile"};

// Options whose value is the next argument, which must not be read as an option itself.
constexpr std::array<std::string_view, 17> kOptionsWithSeparateValue = {"-o",
                                                                        "-x",
                                                                        "-Xclang",
                                                                        "-Xlinker",
                                                                        "-Xassembler",
                                                                        "-Xpreprocessor",
                                                                        "-MF",
                                                                        "-MT",
                                                                        "-MQ",
                                                                        "-include",
                                                                        "-imacros",
                                                                        "-isystem",
                                                                        "-idirafter",
                                                                        "-iquote",
                                                                        "-isysroot",
                                                                        "-target",
                                                                        "--serialize-diagnostics"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N> &Options, const std::string &Arg) {
  return std::find(Options.begin(), Options.end(), Arg) != Options.end();
}

std::string overridden(const EnvironmentLookup &Environment, const char *Variable,
                       const char *Default) {
  const char *Value = Environment ? Environment(Variable) : nullptr;
  return Value && *Value ? std::string(Value) : std::string(Default);
}

std::string directoryOf(const std::string &Path) {
  std::string::size_type Slash = Path.find_last_of('/');
  if (Slash == std::string::npos)
    return ".";
  return Slash == 0 ? "/" : Path.substr(0, Slash);
}

} // namespace

const char *wrapperName(WrapperLanguage Language) {
  return Language == WrapperLanguage::Cxx ? "lockstep-c++" : "lockstep-cc";
}

const char *compilerVariable(WrapperLanguage Language) {
  return Language == WrapperLanguage::Cxx ? "LOCKSTEP_CLANGXX" : "LOCKSTEP_CLANG";
}

WrapperSettings wrapperSettings(WrapperLanguage Language, const EnvironmentLookup &Environment) {
  WrapperSettings Settings;
  Settings.compiler =
      overridden(Environment, compilerVariable(Language),
                 Language == WrapperLanguage::Cxx ? kDefaultClangxx : kDefaultClang);
  Settings.passPlugin = overridden(Environment, "LOCKSTEP_PASS_PLUGIN", kPassPluginPath);
  Settings.runtimeDir = overridden(Environment, "LOCKSTEP_RUNTIME_DIR", kRuntimeDir);
  Settings.runtimeLibrary = overridden(Environment, "LOCKSTEP_RUNTIME_LIB", "");
  return Settings;
}

bool invocationLinks(const std::vector<std::string> &Args) {
  for (std::size_t Index = 0; Index < Args.size(); ++Index) {
    if (contains(kOptionsWithSeparateValue, Args[Index]))
      ++Index;
    else if (contains(kNoLinkOptions, Args[Index]))
      return false;
  }
  return true;
}

std::vector<std::string> compilerCommand(const WrapperSettings &Settings,
                                         const std::vector<std::string> &Args) {
  std::vector<std::string> Command;
  Command.push_back(Settings.compiler);
  Command.insert(Command.end(), Args.begin(), Args.end());
  Command.push_back("-g");
  Command.push_back("-fpass-plugin=" + Settings.passPlugin);
  Command.push_back("-D__LOCKSTEP__=1");
  if (!invocationLinks(Args))
    return Command;
  std::string LibraryDir =
      Settings.runtimeLibrary.empty() ? Settings.runtimeDir : directoryOf(Settings.runtimeLibrary);
  if (Settings.runtimeLibrary.empty())
    Command.push_back("-L" + LibraryDir);
  Command.push_back("-Wl,-rpath," + LibraryDir);
  // The runtime interposes libc functions, so it must stay loaded even if the program calls
  // none of its __lockstep_* functions directly.
  Command.push_back("-Wl,--push-state,--no-as-needed");
  Command.push_back(Settings.runtimeLibrary.empty() ? std::string("-l") + kRuntimeLibraryName
                                                    : Settings.runtimeLibrary);
  Command.push_back("-Wl,--pop-state");
  return Command;
}

} // namespace lockstep::runtime
