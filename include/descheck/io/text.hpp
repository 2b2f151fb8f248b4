#pragma once
/// \file io/text.hpp
/// Text helpers for tools built on the library, behaving as its own messages and files do:
/// suggestions for misspelt names, strict number parsing and locale-free number formatting.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace descheck {

/// " (did you mean 'x'?)" for the candidate closest to `word` by edit distance, when close enough
/// to be a likely misspelling; otherwise an empty string. For appending to an error message.
[[nodiscard]] std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

/// Strict decimal number (no trailing junk, finite; a leading `+` and surrounding spaces or tabs
/// allowed), independent of the locale.
[[nodiscard]] std::optional<double> parse_number(std::string_view text) noexcept;

/// Fixed notation with `decimals` places (0 to 17), without locale effects and never "-0" or empty.
/// Throws std::range_error for infinity or NaN: no output file ever holds "inf", "nan" or a hole.
[[nodiscard]] std::string format_fixed(double value, int decimals = 4);

}  // namespace descheck
