#pragma once
/// \file core/calendar.hpp
/// The proleptic Gregorian calendar of Boost.Date_Time behind descheck::date (private to lib/).
///
/// `boost::gregorian::date` holds years 1400 to 9999 only and throws outside them, while descheck
/// reads 0001-01-01 to 9999-12-31 and keeps date::min() and date::max() further out. So the compiled
/// core uses the calendar `boost::gregorian::date` is built on, `boost::date_time::gregorian_calendar_base`,
/// with plain integer fields; days outside years 1 to 9999 are first moved by whole 400-year cycles,
/// over which the Gregorian calendar repeats. The public type stays a day count, so schedule lookups
/// on hot paths compare integers and never reach this header.

#include <boost/date_time/gregorian_calendar.hpp>
#include <boost/date_time/year_month_day.hpp>

#include <cstdint>

#include "descheck/core/date.hpp"

namespace descheck::calendar {

/// Year, month and day as Boost's calendar computes them, without the 1400-9999 bounds of greg_year.
using civil_ymd = boost::date_time::year_month_day_base<int, unsigned, unsigned>;
/// Boost.Date_Time's Gregorian calendar on Julian day numbers.
using gregorian = boost::date_time::gregorian_calendar_base<civil_ymd, std::int64_t>;

/// Julian day number of 1970-01-01, the day descheck::date counts from.
inline constexpr std::int64_t unix_epoch_jdn = 2440588;
/// Days in a 400-year Gregorian cycle and their days since the epoch of 0001-01-01 and 9999-12-31.
inline constexpr std::int64_t cycle_days = 146097;
inline constexpr std::int64_t first_day = -719162;
inline constexpr std::int64_t last_day = 2932896;

/// Days in month `month` (1-12) of `year`, from Boost (29 for February of a leap year).
[[nodiscard]] inline unsigned days_in_month(int year, unsigned month) noexcept {
  // Boost's end_of_month_day only asks whether the year is a leap year, which repeats every 400 years.
  const int in_range = year >= 1 ? year : year + 400 * ((400 - year) / 400);
  return gregorian::end_of_month_day(in_range, month);
}

/// The calendar year in which the financial year (1 April to 31 March) holding `d` starts.
[[nodiscard]] int financial_year_start(date d) noexcept;
/// 1 April of `start`: the first day of financial year `start`/`start + 1`.
[[nodiscard]] date financial_year_first_day(int start) noexcept;
/// 31 March of `start + 1`: the last day of financial year `start`/`start + 1`.
[[nodiscard]] date financial_year_last_day(int start) noexcept;

}  // namespace descheck::calendar
