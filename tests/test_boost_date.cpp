// Tests of include/descheck/boost_date.hpp: conversions to and from boost::gregorian::date.
#include <gtest/gtest.h>

#include <stdexcept>

#include "descheck/boost_date.hpp"

namespace {
using namespace descheck;
namespace bg = boost::gregorian;

TEST(BoostDate, RoundTripsEveryDayBoostHolds) {
  for (bg::date b(1400, 1, 1); b <= bg::date(9999, 12, 31); b += bg::days(1)) {
    const date d = from_boost_date(b);
    const year_month_day ymd = to_ymd(d);
    ASSERT_EQ(ymd.year, b.year());
    ASSERT_EQ(ymd.month, b.month().as_number());
    ASSERT_EQ(ymd.day, b.day().as_number());
    ASSERT_EQ(to_boost_date(d), b);
  }
}

TEST(BoostDate, KnownDays) {
  EXPECT_EQ(from_boost_date(bg::date(1970, 1, 1)).days, 0);
  EXPECT_EQ(to_boost_date(*parse_date("2020-02-29")), bg::date(2020, 2, 29));
  EXPECT_EQ(from_boost_date(bg::date(2021, 4, 1)), *parse_date("2021-04-01"));
}

TEST(BoostDate, InfinitiesMapBothWays) {
  EXPECT_TRUE(to_boost_date(date::min()).is_neg_infinity());
  EXPECT_TRUE(to_boost_date(date::max()).is_pos_infinity());
  EXPECT_EQ(from_boost_date(bg::date(boost::date_time::neg_infin)), date::min());
  EXPECT_EQ(from_boost_date(bg::date(boost::date_time::pos_infin)), date::max());
}

TEST(BoostDate, DaysBoostCannotHoldThrow) {
  EXPECT_THROW((void)to_boost_date(*parse_date("1399-12-31")), std::out_of_range);
  EXPECT_THROW((void)to_boost_date(*parse_date("0001-01-01")), std::out_of_range);
  EXPECT_NO_THROW((void)to_boost_date(*parse_date("1400-01-01")));
  EXPECT_THROW((void)from_boost_date(bg::date(boost::date_time::not_a_date_time)), std::invalid_argument);
}
}  // namespace
