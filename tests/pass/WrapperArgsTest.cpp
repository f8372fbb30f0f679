// Unit tests of the wrappers' argument logic (runtime/pass/wrapper/WrapperArgs.h): which
// invocations link, the command built for compiling and for linking, and the environment
// overrides of the build-time defaults.
#include "WrapperArgs.h"
#include "PassTestSupport.h"

#include <gtest/gtest.h>

#include <map>

namespace lockstep::runtime::test {
namespace {

using Args = std::vector<std::string>;

WrapperSettings settings() {
  WrapperSettings S;
  S.compiler = "clang-14";
  S.passPlugin = "/p/LockstepPass.so";
  S.runtimeDir = "/rt";
  return S;
}

TEST(WrapperArgs, CompileOnlyInvocationsDoNotLink) {
  for (const Args &A :
       {Args{"-c", "a.c"}, Args{"-S", "a.c"}, Args{"-E", "a.c"}, Args{"-M", "a.c"},
        Args{"-MM", "a.c"}, Args{"-fsyntax-only", "a.c"}, Args{"-MD", "-MF", "a.d", "-c", "a.c"}})
    EXPECT_FALSE(invocationLinks(A)) << A[0];
}

TEST(WrapperArgs, LinkingInvocationsLink) {
  EXPECT_TRUE(invocationLinks({"a.o", "b.o", "-o", "prog"}));
  EXPECT_TRUE(invocationLinks({"-MD", "a.c"}));
  EXPECT_TRUE(invocationLinks({"main.o", "-Xlinker", "-E", "-o", "prog"})); // ld's -E
  EXPECT_TRUE(invocationLinks({"a.c", "-o", "-c"}));                        // output named -c
  EXPECT_TRUE(invocationLinks({}));
}

TEST(WrapperArgs, CompileCommandAddsInstrumentationAfterUserArguments) {
  EXPECT_EQ(compilerCommand(settings(), {"-g0", "-c", "a.c"}),
            (Args{"clang-14", "-g0", "-c", "a.c", "-g", "-fpass-plugin=/p/LockstepPass.so",
                  "-D__LOCKSTEP__=1"}));
}

TEST(WrapperArgs, LinkCommandAppendsTheRuntimeWithRpath) {
  EXPECT_EQ(compilerCommand(settings(), {"a.o", "-o", "prog"}),
            (Args{"clang-14", "a.o", "-o", "prog", "-g", "-fpass-plugin=/p/LockstepPass.so",
                  "-D__LOCKSTEP__=1", "-L/rt", "-Wl,-rpath,/rt", "-Wl,--push-state,--no-as-needed",
                  "-llockstep_rt", "-Wl,--pop-state"}));
}

TEST(WrapperArgs, RuntimeLibraryOverrideReplacesTheRuntime) {
  WrapperSettings S = settings();
  S.runtimeLibrary = "/tests/librecorder.so";
  EXPECT_EQ(compilerCommand(S, {"a.o"}),
            (Args{"clang-14", "a.o", "-g", "-fpass-plugin=/p/LockstepPass.so", "-D__LOCKSTEP__=1",
                  "-Wl,-rpath,/tests", "-Wl,--push-state,--no-as-needed", "/tests/librecorder.so",
                  "-Wl,--pop-state"}));
}

TEST(WrapperArgs, SettingsComeFromTheBuildUnlessTheEnvironmentOverrides) {
  WrapperSettings Defaults = wrapperSettings(
      WrapperLanguage::C, [](const char *) { return static_cast<const char *>(nullptr); });
  EXPECT_EQ(Defaults.compiler, "clang-14");
  EXPECT_EQ(Defaults.passPlugin, kPassPlugin);
  EXPECT_EQ(Defaults.runtimeLibrary, "");
  EXPECT_FALSE(Defaults.runtimeDir.empty());
  EXPECT_EQ(wrapperSettings(WrapperLanguage::Cxx, nullptr).compiler, "clang++-14");

  std::map<std::string, std::string> Env = {{"LOCKSTEP_CLANG", "/x/clang"},
                                            {"LOCKSTEP_CLANGXX", "/x/clang++"},
                                            {"LOCKSTEP_PASS_PLUGIN", "/x/pass.so"},
                                            {"LOCKSTEP_RUNTIME_DIR", "/x/rt"},
                                            {"LOCKSTEP_RUNTIME_LIB", "/x/librt.so"}};
  auto Lookup = [&Env](const char *Name) -> const char * {
    auto Found = Env.find(Name);
    return Found == Env.end() ? nullptr : Found->second.c_str();
  };
  WrapperSettings C = wrapperSettings(WrapperLanguage::C, Lookup);
  EXPECT_EQ(C.compiler, "/x/clang");
  EXPECT_EQ(C.passPlugin, "/x/pass.so");
  EXPECT_EQ(C.runtimeDir, "/x/rt");
  EXPECT_EQ(C.runtimeLibrary, "/x/librt.so");
  EXPECT_EQ(wrapperSettings(WrapperLanguage::Cxx, Lookup).compiler, "/x/clang++");

  Env["LOCKSTEP_CLANG"] = ""; // empty means unset
  EXPECT_EQ(wrapperSettings(WrapperLanguage::C, Lookup).compiler, "clang-14");
}

} // namespace
} // namespace lockstep::runtime::test
