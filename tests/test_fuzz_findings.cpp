// Inputs the fuzz harnesses (tests/fuzz) found mishandled, each checked here as the fix intends.
#include <gtest/gtest.h>

#include <string>

#include "descheck/descheck.hpp"

namespace {

using namespace descheck;

// A line break or ESC inside a CSV field was echoed raw into the diagnostic, so a file could print
// lines that read as further diagnostics, or drive the terminal.
TEST(FuzzFindings, ControlCharactersInAMessagePrintEscaped) {
  const std::string text = format(diagnostic{"supply", 2, 1, codes::unknown_supply_role,
                                             "unknown role 'a\nsupply:9:1: error[DC001]: x\x1b[2J\r\x7f'"});
  EXPECT_EQ(text, "supply:2:1: error[DC120]: unknown role 'a\\x0asupply:9:1: error[DC001]: x\\x1b[2J\\x0d\\x7f'");
  EXPECT_EQ(format(diagnostic{"", 0, 0, codes::usage, "bad\tvalue"}), "descheck: error[DC060]: bad\\x09value");
}

TEST(FuzzFindings, ASupplyRoleWithALineBreakStaysOnOneLine) {
  const rule_set rules = load_rule_set(DESCHECK_SOURCE_DIR "/specs/des-england");
  try {
    (void)parse_supply(rules, "role,wte\n\"clinical\nx\",1\n");
    FAIL() << "expected input_error";
  } catch (const input_error& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(format(e.first()).find('\n'), std::string::npos) << format(e.first());
  }
}

}  // namespace
