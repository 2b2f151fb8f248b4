// The public text helpers (descheck/io/text.hpp) that tools built on the library use.
#include "descheck/io/text.hpp"

#include <gtest/gtest.h>

namespace descheck {
namespace {

TEST(Text, did_you_mean_suggests_the_closest_candidate) {
  EXPECT_EQ(did_you_mean("chek", {"check", "plan"}), " (did you mean 'check'?)");
  EXPECT_EQ(did_you_mean("check", {}), "");
}

TEST(Text, parse_number_is_strict) {
  EXPECT_EQ(parse_number(" 2.5 "), 2.5);
  EXPECT_EQ(parse_number("+1"), 1.0);
  EXPECT_FALSE(parse_number("2.5x"));
  EXPECT_FALSE(parse_number(""));
  EXPECT_FALSE(parse_number("inf"));
}

TEST(Text, format_fixed_has_no_negative_zero) {
  EXPECT_EQ(format_fixed(1.23456, 2), "1.23");
  EXPECT_EQ(format_fixed(-0.00001), "0.0000");
  EXPECT_EQ(format_fixed(-2.5, 1), "-2.5");
}

}  // namespace
}  // namespace descheck
