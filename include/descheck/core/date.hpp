#pragma once
/// \file core/date.hpp
/// Calendar days as a small value type: every schedule, post and result is keyed by one.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace descheck {

/// A proleptic Gregorian calendar day, stored as days since 1970-01-01.
struct date {
  std::int32_t days = 0;  ///< days since 1970-01-01 (negative before)

  /// The earliest representable day, used for "in force since forever".
  static constexpr date min() noexcept { return date{-3'000'000}; }
  /// The latest representable day, used for "open-ended".
  static constexpr date max() noexcept { return date{3'000'000}; }

  // clang-tidy 14 misreads the defaulted comparison as a literal 0 compared with a pointer.
  friend constexpr auto operator<=>(const date&, const date&) = default;  // NOLINT(modernize-use-nullptr)
};

/// Year, month (1-12) and day (1-31) of a date.
struct year_month_day {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;
  friend constexpr bool operator==(const year_month_day&, const year_month_day&) = default;
};

/// Whether y-m-d names a real day (2020-02-30 does not).
[[nodiscard]] bool is_valid_ymd(int year, unsigned month, unsigned day) noexcept;
/// The date of a valid y-m-d; the caller checks validity first.
[[nodiscard]] date from_ymd(int year, unsigned month, unsigned day) noexcept;
/// The y-m-d of a date.
[[nodiscard]] year_month_day to_ymd(date d) noexcept;
/// Parses strict ISO `YYYY-MM-DD`; nullopt for anything else, including impossible days.
[[nodiscard]] std::optional<date> parse_date(std::string_view text) noexcept;
/// Formats as ISO `YYYY-MM-DD`; date::min() and date::max() print as `-inf` and `+inf`.
[[nodiscard]] std::string to_string(date d);
/// The day `n` days later (earlier when negative).
[[nodiscard]] constexpr date add_days(date d, std::int32_t n) noexcept { return date{d.days + n}; }
/// Moves by whole months keeping the day, clamped to the target month's last day
/// (2020-01-31 + 1 month = 2020-02-29), as SPEC section 6 requires.
[[nodiscard]] date add_months(date d, int months) noexcept;

}  // namespace descheck
