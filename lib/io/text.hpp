#pragma once
// Text helpers shared by the YAML and CSV loaders: bounded file reading, UTF-8 checking,
// "did you mean" suggestions and number parsing.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "descheck/core/error.hpp"
#include "descheck/io/text.hpp"

namespace descheck::detail {

// The public helpers (descheck/io/text.hpp), under the names the loaders have always used.
using descheck::did_you_mean;
using descheck::format_fixed;
using descheck::parse_number;

/// How diagnostics name standard input (the path `-`).
inline constexpr std::string_view standard_input_name = "<stdin>";

/// Reads a whole file: a regular file, `-` (standard input), a FIFO, process substitution or a
/// device, each to its end and never past `max_bytes`. On failure (missing, unreadable, a directory,
/// over `max_bytes`, empty when `allow_empty` is false) appends one diagnostic to `out` and returns
/// nullopt.
std::optional<std::string> read_file(const std::filesystem::path& path, std::uintmax_t max_bytes,
                                     std::vector<diagnostic>& out, bool allow_empty = false);

/// The name diagnostics give `path`: "<stdin>" for `-`.
[[nodiscard]] std::string display_name(const std::filesystem::path& path);

/// True when `text` is UTF-16 rather than an 8-bit encoding: it starts with a UTF-16 byte-order
/// mark, or NUL bytes fill every other position of its start (UTF-16 without a mark).
[[nodiscard]] bool looks_like_utf16(std::string_view text) noexcept;

/// The DC004 diagnostic (at 1:1) for a file that looks_like_utf16.
[[nodiscard]] diagnostic utf16_diagnostic(const std::string& file);

/// Position (1-based line and column, counted in bytes) of the first byte that is not valid UTF-8,
/// or nullopt when the text is valid.
struct text_position {
  int line = 1;
  int column = 1;
};
std::optional<text_position> find_invalid_utf8(std::string_view text) noexcept;

/// Re-encodes Windows-1252 text as UTF-8 (undefined bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D map to
/// the C1 control of the same number, as Python's cp1252 does not; we keep them rather than fail).
std::string cp1252_to_utf8(std::string_view text);

/// The candidate closest to `word` by edit distance, when close enough to be a likely misspelling.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

/// `text` in single quotes, for messages.
[[nodiscard]] std::string single_quoted(std::string_view text);

/// Appends `value` to `out` as one CSV field (RFC 4180), quoted when it holds a comma, quote or line break.
void append_csv_field(std::string& out, std::string_view value);

/// A plain decimal ("-65953.25") with thousands separators ("-65,953.25"), for text people read.
std::string group_thousands(std::string_view plain);

}  // namespace descheck::detail
