// Tests of include/descheck/core/error.hpp: the one-line form of every diagnostic.
#include <gtest/gtest.h>

#include "descheck/core/error.hpp"

namespace {

using descheck::diagnostic;

TEST(Error, PositionedDiagnosticIsFileLineColumnCodeMessage) {
  EXPECT_EQ(descheck::format(diagnostic{"rules/smr.yaml", 12, 5, "DC015", "unknown key 'phse'"}),
            "rules/smr.yaml:12:5: error[DC015]: unknown key 'phse'");
}

TEST(Error, WholeFileProblemPointsAtTheFileStart) {
  EXPECT_EQ(descheck::format(diagnostic{"staff.csv", 0, 0, "DC001", "cannot open"}),
            "staff.csv:1:1: error[DC001]: cannot open");
}

TEST(Error, UsageErrorNamesTheProgram) {
  EXPECT_EQ(descheck::format(diagnostic{"", 0, 0, "DC060", "no command given"}),
            "descheck: error[DC060]: no command given");
}

TEST(Error, ExceptionCarriesEveryDiagnosticAndSummarisesTheFirst) {
  const descheck::input_error e({{"a.csv", 2, 3, "DC045", "negative"}, {"a.csv", 4, 1, "DC030", "unknown role"}});
  EXPECT_EQ(e.diagnostics().size(), 2u);
  EXPECT_STREQ(e.what(), "a.csv:2:3: error[DC045]: negative (and 1 more)");
}

}  // namespace
