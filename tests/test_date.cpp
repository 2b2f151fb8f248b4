#include <gtest/gtest.h>

#include "descheck/core/date.hpp"

namespace {
using namespace descheck;

TEST(Date, ParsesStrictIsoOnly) {
  EXPECT_EQ(to_string(*parse_date("2020-10-01")), "2020-10-01");
  EXPECT_EQ(parse_date("1970-01-01")->days, 0);
  EXPECT_TRUE(parse_date("2020-02-29"));
  EXPECT_FALSE(parse_date("2021-02-29"));
  EXPECT_FALSE(parse_date("2020-02-30"));
  EXPECT_FALSE(parse_date("2020-13-01"));
  EXPECT_FALSE(parse_date("2020-1-05"));
  EXPECT_FALSE(parse_date("2020-01-05 "));
  EXPECT_FALSE(parse_date("20200105"));
  EXPECT_FALSE(parse_date(""));
  EXPECT_FALSE(parse_date("1900-02-29"));
  EXPECT_TRUE(parse_date("2000-02-29"));
}

TEST(Date, RoundTripsEveryDayOverTwoCenturies) {
  for (std::int32_t d = from_ymd(1900, 1, 1).days; d <= from_ymd(2100, 12, 31).days; ++d) {
    const year_month_day ymd = to_ymd(date{d});
    ASSERT_TRUE(is_valid_ymd(ymd.year, ymd.month, ymd.day));
    ASSERT_EQ(from_ymd(ymd.year, ymd.month, ymd.day).days, d);
  }
}

TEST(Date, MonthShiftsClampToTheMonthsLastDay) {
  auto shift = [](const char* iso, int months) { return to_string(add_months(*parse_date(iso), months)); };
  EXPECT_EQ(shift("2020-01-31", 1), "2020-02-29");
  EXPECT_EQ(shift("2020-02-29", 1), "2020-03-29");  // not Boost's snap to end of month
  EXPECT_EQ(shift("2021-01-31", 1), "2021-02-28");
  EXPECT_EQ(shift("2020-10-01", 12), "2021-10-01");
  EXPECT_EQ(shift("2020-03-31", -1), "2020-02-29");
  EXPECT_EQ(shift("2020-01-15", -13), "2018-12-15");
  EXPECT_EQ(add_months(date::min(), 5), date::min());
}

TEST(Date, InfinitiesPrintAsSuch) {
  EXPECT_EQ(to_string(date::min()), "-inf");
  EXPECT_EQ(to_string(date::max()), "+inf");
  EXPECT_LT(date::min(), *parse_date("0001-01-01"));
  EXPECT_GT(date::max(), *parse_date("9999-12-31"));
}
}  // namespace
