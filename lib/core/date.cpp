// Calendar days on Boost.Date_Time's Gregorian calendar (see core/calendar.hpp for why its calendar
// engine rather than boost::gregorian::date). The only hand-written parts are the strict ISO shape
// check in parse_date, because Boost's own parsers accept more than SPEC allows ("2020-1-5",
// "2020-Jan-05") and throw, and the month shift, whose clamp differs from Boost's snap rule.

#include "descheck/core/date.hpp"

#include <algorithm>
#include <cstdio>

#include "core/calendar.hpp"

namespace descheck {
namespace {

// Whole 400-year cycles to add to `days` (days since 1970-01-01) to land in years 1 to 9999.
std::int64_t cycles_into_range(std::int64_t days) noexcept {
  using namespace calendar;
  if (days < first_day) return (first_day - days + cycle_days - 1) / cycle_days;
  if (days > last_day) return -((days - last_day + cycle_days - 1) / cycle_days);
  return 0;
}

}  // namespace

bool is_valid_ymd(int year, unsigned month, unsigned day) noexcept {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
         day <= calendar::days_in_month(year, month);
}

date from_ymd(int year, unsigned month, unsigned day) noexcept {
  using namespace calendar;
  // Years outside 1 to 9999 (reached by month shifts near date::min() or date::max()) go through
  // the same calendar, moved by whole cycles.
  std::int64_t cycles = 0;
  if (year < 1) cycles = (400 - year) / 400;
  if (year > 9999) cycles = -((year - 9999 + 399) / 400);
  const std::int64_t jdn = gregorian::day_number(civil_ymd(year + static_cast<int>(400 * cycles), month, day));
  return date{static_cast<std::int32_t>(jdn - unix_epoch_jdn - cycles * cycle_days)};
}

year_month_day to_ymd(date d) noexcept {
  using namespace calendar;
  const std::int64_t cycles = cycles_into_range(d.days);
  const civil_ymd in_range = gregorian::from_day_number(d.days + cycles * cycle_days + unix_epoch_jdn);
  return {in_range.year - static_cast<int>(400 * cycles), in_range.month, in_range.day};
}

std::optional<date> parse_date(std::string_view text) noexcept {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t count, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
  if (!is_valid_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) return std::nullopt;
  return from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string to_string(date d) {
  if (d <= date::min()) return "-inf";
  if (d >= date::max()) return "+inf";
  const year_month_day ymd = to_ymd(d);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", ymd.year, ymd.month, ymd.day);
  return buffer;
}

// SPEC section 6 keeps the day and clamps it to the target month's last day. Boost's `months`
// duration instead snaps a month's last day to the target's last day (2020-02-29 + 1 month would be
// 2020-03-31, not 2020-03-29), so the shift is done here on Boost's month lengths.
date add_months(date d, int months) noexcept {
  if (d <= date::min() || d >= date::max()) return d;
  const year_month_day ymd = to_ymd(d);
  const int index = ymd.year * 12 + static_cast<int>(ymd.month - 1) + months;
  const int year = index >= 0 ? index / 12 : (index - 11) / 12;
  const auto month = static_cast<unsigned>(index - year * 12 + 1);
  return from_ymd(year, month, std::min(ymd.day, calendar::days_in_month(year, month)));
}

namespace calendar {

int financial_year_start(date d) noexcept {
  const year_month_day ymd = to_ymd(d);
  return ymd.month >= 4 ? ymd.year : ymd.year - 1;
}

date financial_year_first_day(int start) noexcept { return from_ymd(start, 4, 1); }

date financial_year_last_day(int start) noexcept { return add_days(financial_year_first_day(start + 1), -1); }

}  // namespace calendar
}  // namespace descheck
