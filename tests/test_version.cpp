// Tests of descheck/version.hpp: the headers and the library say the same version, in both forms.
#include <gtest/gtest.h>

#include <string>

#include "cli_runner.hpp"
#include "descheck/version.hpp"

namespace {

TEST(Version, HeaderMacroIsTheLibrarysVersion) { EXPECT_STREQ(descheck::version(), DESCHECK_VERSION); }

TEST(Version, NumbersSpellTheString) {
  const std::string parts = std::to_string(DESCHECK_VERSION_MAJOR) + "." + std::to_string(DESCHECK_VERSION_MINOR) +
                            "." + std::to_string(DESCHECK_VERSION_PATCH);
  EXPECT_EQ(parts, DESCHECK_VERSION);
}

TEST(Version, TheCommandPrintsTheLibrarysVersion) {
  for (const char* flag : {"--version", "-V"}) {
    const cli_runner::outcome r = cli_runner::run(flag, cli_runner::scratch("descheck-version"));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, std::string("descheck ") + descheck::version() + "\n");
  }
}

}  // namespace
