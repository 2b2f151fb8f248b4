#pragma once
/// \file boost_date.hpp
/// Conversions between descheck::date and boost::gregorian::date, for NHS tools that already use
/// Boost. Header-only and the only public header that includes Boost: nothing else in descheck
/// needs it, and descheck.hpp does not include it.

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <cstdint>
#include <stdexcept>

#include "descheck/core/date.hpp"

namespace descheck {

namespace detail {
/// Julian day number of 1970-01-01, the day descheck::date counts from.
inline constexpr std::int64_t unix_epoch_julian_day = 2440588;
}  // namespace detail

/// The boost::gregorian::date of a day. date::min() and date::max() become Boost's `neg_infin` and
/// `pos_infin`. Throws std::out_of_range for a day Boost cannot hold (before 1400-01-01 or after
/// 9999-12-31), which descheck can.
[[nodiscard]] inline boost::gregorian::date to_boost_date(date d) {
  if (d <= date::min()) return boost::gregorian::date(boost::date_time::neg_infin);
  if (d >= date::max()) return boost::gregorian::date(boost::date_time::pos_infin);
  const std::int64_t julian_day = std::int64_t{d.days} + detail::unix_epoch_julian_day;
  const std::int64_t first = boost::gregorian::date(boost::date_time::min_date_time).day_number();
  const std::int64_t last = boost::gregorian::date(boost::date_time::max_date_time).day_number();
  if (julian_day < first || julian_day > last)
    throw std::out_of_range(to_string(d) + " is outside the years 1400 to 9999 of boost::gregorian::date");
  return boost::gregorian::date(static_cast<boost::gregorian::date::date_int_type>(julian_day));
}

/// The descheck::date of a Boost date. `neg_infin` and `pos_infin` become date::min() and
/// date::max(); `not_a_date_time` throws std::invalid_argument (descheck has no such day).
[[nodiscard]] inline date from_boost_date(const boost::gregorian::date& d) {
  if (d.is_neg_infinity()) return date::min();
  if (d.is_pos_infinity()) return date::max();
  if (d.is_not_a_date()) throw std::invalid_argument("not_a_date_time has no descheck::date");
  return date{static_cast<std::int32_t>(static_cast<std::int64_t>(d.day_number()) - detail::unix_epoch_julian_day)};
}

}  // namespace descheck
