#include <gtest/gtest.h>

#include <chrono>

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

TEST(Date, MonthShiftsClampAcrossLeapYears) {
  auto shift = [](const char* iso, int months) { return to_string(add_months(*parse_date(iso), months)); };
  EXPECT_EQ(shift("2024-02-29", 12), "2025-02-28");  // no 29 February in 2025
  EXPECT_EQ(shift("2024-02-29", 48), "2028-02-29");
  EXPECT_EQ(shift("2000-01-31", 1), "2000-02-29");   // 2000 is a leap year (divisible by 400)
  EXPECT_EQ(shift("2100-01-31", 1), "2100-02-28");   // 2100 is not (divisible by 100)
  EXPECT_EQ(shift("2020-05-31", 1), "2020-06-30");
  EXPECT_EQ(shift("2020-06-30", 1), "2020-07-30");   // Boost's snap would give 2020-07-31
  EXPECT_EQ(shift("2021-02-28", 1), "2021-03-28");   // likewise 2021-03-31
  EXPECT_EQ(shift("2020-12-31", -10), "2020-02-29");
  EXPECT_EQ(shift("2020-08-31", 0), "2020-08-31");
  EXPECT_EQ(add_months(date::max(), -5), date::max());
}

TEST(Date, ParseRejectsImpossibleDaysAndWrongShapes) {
  for (const char* bad : {"2023-02-29", "2100-02-29", "2020-04-31", "2020-06-31", "2020-09-31", "2020-11-31",
                          "2020-01-32", "2020-00-10", "2020-01-00", "0000-01-01", "+020-01-01", "2020-1-010",
                          "2020/01/01", "2020-01-0a", " 2020-01-01", "2020-Jan-01", "2020-01-01T00"})
    EXPECT_FALSE(parse_date(bad)) << bad;
  for (const char* good : {"2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "1600-02-29", "2020-12-31"})
    EXPECT_TRUE(parse_date(good)) << good;
}

TEST(Date, LeapYearsFollowTheGregorianRules) {
  for (int y : {1600, 2000, 2004, 2020, 2024, 2400}) EXPECT_TRUE(is_valid_ymd(y, 2, 29)) << y;
  for (int y : {1700, 1800, 1900, 2021, 2023, 2100}) EXPECT_FALSE(is_valid_ymd(y, 2, 29)) << y;
  EXPECT_EQ(from_ymd(2024, 3, 1).days - from_ymd(2024, 2, 28).days, 2);
  EXPECT_EQ(from_ymd(2023, 3, 1).days - from_ymd(2023, 2, 28).days, 1);
}

// Every day the parser accepts, and far beyond (month shifts near date::min() and date::max()),
// against the standard library's own calendar.
TEST(Date, AgreesWithStdChronoOverTheWholeRange) {
  using namespace std::chrono;
  for (std::int32_t d = date::min().days; d <= date::max().days; d += d > -800'000 && d < 3'000'000 ? 1 : 997) {
    const descheck::year_month_day mine = to_ymd(date{d});
    const std::chrono::year_month_day theirs{sys_days{days{d}}};
    ASSERT_EQ(mine.year, static_cast<int>(theirs.year())) << d;
    ASSERT_EQ(mine.month, static_cast<unsigned>(theirs.month())) << d;
    ASSERT_EQ(mine.day, static_cast<unsigned>(theirs.day())) << d;
    ASSERT_EQ(from_ymd(mine.year, mine.month, mine.day).days, d);
  }
  EXPECT_EQ(parse_date("0001-01-01")->days, sys_days{std::chrono::year{1} / 1 / 1}.time_since_epoch().count());
  EXPECT_EQ(parse_date("9999-12-31")->days, sys_days{std::chrono::year{9999} / 12 / 31}.time_since_epoch().count());
}
}  // namespace
